package org.labbridge.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every configuration error names {@code file:line:column}, the path, and what the user should write. */
class ConfigErrorsTest {

    @TypeKey("kind")
    sealed interface Node permits Pull, Live {
    }

    @TypeName("date-pull")
    record Pull(String name, @Default("9000") @Range(min = 1, max = 65535) int port,
                @Nullable Duration timeouts, @Default("1MiB") ByteSize bufferSize) implements Node {
    }

    @TypeName("live")
    record Live(String name, HostPort liveServer) implements Node {
    }

    record Graph(@Default("INFO") String logLevel, List<Node> nodes) {
    }

    private static List<String> located(String yaml) {
        return assertThrows(ConfigException.class, () -> ConfigBinder.loadString(yaml, Graph.class, "labbridge.yaml"))
                .located();
    }

    @Test
    void aBlockStyleValueIsFoundAtItsKey() {
        assertEquals(List.of("labbridge.yaml:6:5: nodes[1].port: 70000 (expected: 1..65535)"), located("""
                log_level: INFO
                nodes:
                  - kind: date-pull
                    name: a
                  - kind: date-pull
                    port: 70000
                    name: b
                """));
    }

    @Test
    void unknownKeysSuggestTheClosestKnownOne() {
        assertEquals(List.of("labbridge.yaml:4:5: nodes[0].timeout: unknown key, did you mean 'timeouts'?"
                + " (expected one of: name, port, timeouts, buffer_size)"), located("""
                nodes:
                  - kind: date-pull
                    name: a
                    timeout: 5s
                """));
        assertEquals(List.of("labbridge.yaml:1:36: nodes[0].bufferSize: unknown key, did you mean 'buffer_size'?"
                + " (expected one of: name, port, timeouts, buffer_size)"),
                located("nodes: [{kind: date-pull, name: a, bufferSize: 1MiB}]"));
        assertEquals(List.of("labbridge.yaml:1:1: colour: unknown key (expected one of: log_level, nodes)"),
                located("colour: red"));
    }

    @Test
    void aTypeIsDescribedAsTheUserWritesIt() {
        assertEquals(List.of("labbridge.yaml:1:9: nodes[0].live_server: missing (expected: host:port)"),
                located("nodes: [{kind: live, name: l}]"));
        assertEquals(List.of("labbridge.yaml:1:31: nodes[0].live_server: a mapping (expected: host:port)"),
                located("nodes: [{kind: live, name: l, live_server: {host: x}}]"));
    }

    @Test
    void aDuplicateKeyIsReportedWhereItIsRepeatedAndEverythingElseToo() {
        assertEquals(List.of("labbridge.yaml:2:1: log_level: duplicate key (first at line 1)",
                        "labbridge.yaml:3:36: nodes[0].port: 0 (expected: 1..65535)"),
                located("log_level: INFO\nlog_level: DEBUG\nnodes: [{kind: date-pull, name: a, port: 0}]\n"));
    }

    @Test
    void checksAfterBindingAreLocatedToo() throws Exception {
        ConfigDocument<Graph> doc = ConfigBinder.readString("""
                nodes:
                  - {kind: date-pull, name: a}
                  - kind: date-pull
                    name: b
                """, Graph.class, "labbridge.yaml");
        assertEquals("labbridge.yaml:4:5: nodes[1].name: 'b' is taken",
                doc.problem("nodes[1].name", "'b' is taken").located());
        // a defaulted value was not written: its node is where to look
        assertEquals("labbridge.yaml:3:5: warning: nodes[1].port: 9000 is used twice",
                doc.warning("nodes[1].port", "9000 is used twice").located());
        assertEquals("nodes[1].port: 9000 is used twice", doc.problem("nodes[1].port", "9000 is used twice").unlocated());
        assertFalse(doc.empty());
    }

    @Test
    void anEmptyOrAllCommentsDocumentIsMarkedEmpty() throws Exception {
        assertTrue(ConfigBinder.readString("", Graph.class, "labbridge.yaml").empty());
        assertTrue(ConfigBinder.readString("# nothing yet\n", Graph.class, "labbridge.yaml").empty());
        assertFalse(ConfigBinder.readString("nodes: []\n", Graph.class, "labbridge.yaml").empty());
    }

    @Test
    void anUnreadableFileSaysWhy(@TempDir Path dir) {
        Path missing = dir.resolve("nope.yaml");
        assertEquals(List.of(missing + ": cannot read: No such file or directory"),
                assertThrows(ConfigException.class, () -> ConfigBinder.load(missing, Graph.class)).located());
        assertEquals(List.of(dir + ": cannot read: Is a directory"),
                assertThrows(ConfigException.class, () -> ConfigBinder.load(dir, Graph.class)).located());
        // root reads every file, so the mapping itself is what can be tested everywhere
        assertEquals("Permission denied", YamlSource.reason(new AccessDeniedException("/etc/labbridge.yaml")));
    }

    @Test
    void aFileThatIsNotUtf8SaysSo(@TempDir Path dir) throws Exception {
        Path latin1 = dir.resolve("latin1.yaml");
        Files.write(latin1, new byte[] {'n', 'a', 'm', 'e', ':', ' ', (byte) 0xe9});
        assertEquals(List.of(latin1 + ": cannot read: not UTF-8 text"),
                assertThrows(ConfigException.class, () -> ConfigBinder.load(latin1, Graph.class)).located());
    }

    @Test
    void aTreeBuiltInCodeHasPathsButNoPositions() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigBinder.bind(
                java.util.Map.of("nodes", List.of(java.util.Map.of("kind", "date-pull", "name", "a", "port", 0))),
                Graph.class));
        assertEquals(List.of("nodes[0].port: 0 (expected: 1..65535)"), e.located());
    }

    @Test
    void mergeKeysStillWork() throws Exception {
        Graph g = ConfigBinder.loadString("""
                nodes:
                  - &a {kind: date-pull, port: 9100, name: a}
                  - {<<: *a, name: b}
                """, Graph.class, "labbridge.yaml");
        assertEquals(new Pull("b", 9100, null, ByteSize.ofMiB(1)), g.nodes().get(1));
    }

    record Tree(List<Object> children, List<Tree> nodes) {
    }

    @Test
    void aRecursiveAliasIsAProblemNotAStackOverflow() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigBinder.loadString("nodes: &a [{nodes: *a}]\n", Tree.class, "labbridge.yaml"));
        assertEquals(1, e.located().size(), e.getMessage());
        assertTrue(e.located().get(0).startsWith("labbridge.yaml:1:"), e.getMessage());
        assertTrue(e.located().get(0).endsWith(": nested too deeply (an alias to an enclosing value?)"), e.getMessage());
    }

    @Test
    void suggestionsAreCloseOrNothing() {
        assertEquals(1, Suggestions.distance("tiemouts", "timeouts"), "a swap is one edit");
        assertEquals("timeouts", Suggestions.closest("timeout", List.of("name", "timeouts")).orElseThrow());
        assertEquals("buffer_size", Suggestions.closest("buffer", List.of("name", "buffer_size")).orElseThrow());
        assertTrue(Suggestions.closest("colour", List.of("name", "port", "timeouts")).isEmpty());
    }
}
