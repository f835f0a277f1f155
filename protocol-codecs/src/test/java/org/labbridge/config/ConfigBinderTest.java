package org.labbridge.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigBinderTest {

    enum Policy { DROP_NEWEST, DROP_OLDEST, DISCONNECT }

    record SocketConfig(String name,
                        @Range(min = 1, max = 65535) @Default("9000") int port,
                        @Default("1MiB") ByteSize bufferSize,
                        @Default("5s") Duration timeout,
                        @Default("0x17") ByteSequence delimiter,
                        @Default("drop-oldest") Policy policy,
                        List<String> codenames) {
    }

    record Root(List<SocketConfig> sockets, @Default("INFO") String logLevel, @Nullable String comment,
                Limits limits) {
    }

    record Limits(@Default("64") @Range(min = 1, max = 1000) int maxNesting) {
    }

    @TypeKey("kind")
    sealed interface Node permits PullNode, PushNode {
    }

    @TypeName("date-pull")
    record PullNode(String name, @Default("9000") int port) implements Node {
    }

    @TypeName("push")
    record PushNode(String name, @Default("8500") int port) implements Node {
        PushNode {
            if (name.isEmpty()) {
                throw new IllegalArgumentException("name must not be empty");
            }
        }
    }

    record Graph(List<Node> nodes, Map<String, Integer> ports) {
    }

    private static String problems(String yaml, Class<?> type) {
        return assertThrows(ConfigException.class, () -> ConfigBinder.loadString(yaml, type, "test.yaml")).getMessage();
    }

    @Test
    void bindsValuesAndDefaults() throws Exception {
        Root root = ConfigBinder.loadString("""
                sockets:
                  - name: a
                    port: 9001
                    buffer_size: 64KiB
                    timeout: 250ms
                    delimiter: "\\n"
                    policy: DISCONNECT
                    codenames: [t, p]
                  - name: b
                    delimiter: null
                """, Root.class, "test.yaml");
        SocketConfig a = root.sockets().get(0);
        assertEquals(9001, a.port());
        assertEquals(64 * 1024, a.bufferSize().bytes());
        assertEquals(Duration.ofMillis(250), a.timeout());
        assertEquals(ByteSequence.of((byte) '\n'), a.delimiter());
        assertEquals(Policy.DISCONNECT, a.policy());
        assertEquals(List.of("t", "p"), a.codenames());
        SocketConfig b = root.sockets().get(1);
        assertEquals(9000, b.port());
        assertEquals(ByteSize.ofMiB(1), b.bufferSize());
        assertEquals(Duration.ofSeconds(5), b.timeout());
        assertNull(b.delimiter(), "explicit null = close-delimited");
        assertEquals(Policy.DROP_OLDEST, b.policy());
        assertEquals(List.of(), b.codenames());
        assertEquals("INFO", root.logLevel());
        assertNull(root.comment());
        assertEquals(64, root.limits().maxNesting(), "an absent all-defaults section binds");
    }

    @Test
    void anEmptyDocumentIsAllDefaults() throws Exception {
        Root root = ConfigBinder.loadString("", Root.class, "empty.yaml");
        assertEquals(List.of(), root.sockets());
    }

    @Test
    void unquotedHexDelimiterReadAsIntegerByYamlStillMeansThatByte() throws Exception {
        SocketConfig c = ConfigBinder.loadString("name: x\ndelimiter: 0x17\n", SocketConfig.class, "t");
        assertEquals(ByteSequence.ETB, c.delimiter());
    }

    @Test
    void outOfRangePortNamesPathAndRange() {
        String yaml = "sockets:\n  - {name: a}\n  - {name: b}\n  - {name: c, port: 70000}\n";
        assertEquals("test.yaml:4:15: sockets[2].port: 70000 (expected: 1..65535)", problems(yaml, Root.class));
    }

    @Test
    void wrongTypeNamesPathAndType() {
        assertEquals("test.yaml:1:21: sockets[0].port: abc (expected: an integer)",
                problems("sockets: [{name: a, port: abc}]", Root.class));
        assertEquals("test.yaml:1:21: sockets[0].port: \"9000\" (expected: an integer)",
                problems("sockets: [{name: a, port: \"9000\"}]", Root.class));
        assertEquals("test.yaml:1:1: sockets: a mapping (expected: a list)", problems("sockets: {a: 1}", Root.class));
    }

    @Test
    void unknownKeyListsTheKnownOnes() {
        assertEquals("test.yaml:1:21: sockets[0].colour: unknown key (expected one of: name, port, buffer_size, timeout,"
                + " delimiter, policy, codenames)", problems("sockets: [{name: a, colour: red}]", Root.class));
    }

    @Test
    void badSizeDurationDelimiterAndEnum() {
        assertEquals("test.yaml:1:21: sockets[0].buffer_size: 12XB (expected: a size like 1MiB, 64KiB, 10MB or a number of bytes)",
                problems("sockets: [{name: a, buffer_size: 12XB}]", Root.class));
        assertEquals("test.yaml:1:21: sockets[0].timeout: soon (expected: " + Durations.EXPECTED + ")",
                problems("sockets: [{name: a, timeout: soon}]", Root.class));
        assertEquals("test.yaml:1:21: sockets[0].delimiter: 0xZZ (expected: " + ByteSequence.EXPECTED + ")",
                problems("sockets: [{name: a, delimiter: 0xZZ}]", Root.class));
        assertEquals("test.yaml:1:21: sockets[0].policy: sometimes (expected: one of: drop-newest, drop-oldest, disconnect)",
                problems("sockets: [{name: a, policy: sometimes}]", Root.class));
    }

    /** A value type that binds itself from either a word or a list. */
    record Codenames(boolean auto, List<String> names) {
        public static Codenames fromYaml(Object node) {
            if ("auto".equals(node)) {
                return new Codenames(true, List.of());
            }
            if (node instanceof List<?> l && l.stream().allMatch(String.class::isInstance)) {
                return new Codenames(false, l.stream().map(String.class::cast).toList());
            }
            throw new IllegalArgumentException("expected: auto or a list of codenames");
        }
    }

    record Pull(Codenames codenames, List<String> to) {
    }

    @Test
    void fromYamlFactoriesAndScalarAsOneElementList() throws Exception {
        Pull p = ConfigBinder.loadString("codenames: auto\nto: b\n", Pull.class, "t");
        assertTrue(p.codenames().auto());
        assertEquals(List.of("b"), p.to());
        assertEquals(List.of("x", "y"), ConfigBinder.loadString("codenames: [x, y]\nto: [b]", Pull.class, "t")
                .codenames().names());
        assertEquals("test.yaml:1:1: codenames: 5 (expected: auto or a list of codenames)",
                problems("codenames: 5\nto: []", Pull.class));
    }

    @Test
    void missingRequiredValue() {
        assertEquals("test.yaml:1:11: sockets[0].name: missing (expected: a string)", problems("sockets: [{port: 1}]", Root.class));
    }

    @Test
    void everyProblemIsReportedNotJustTheFirst() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigBinder.loadString(
                "sockets: [{name: a, port: 0}, {name: b, bogus: 1}]\nlimits: {max_nesting: 5000}\n",
                Root.class, "t"));
        assertEquals(List.of("sockets[0].port: 0 (expected: 1..65535)",
                "sockets[1].bogus: unknown key (expected one of: name, port, buffer_size, timeout, delimiter,"
                        + " policy, codenames)",
                "limits.max_nesting: 5000 (expected: 1..1000)"), e.problems());
    }

    @Test
    void sealedInterfacesPickTheRecordByKind() throws Exception {
        Graph g = ConfigBinder.loadString("""
                nodes:
                  - {kind: date-pull, name: p}
                  - {kind: push, name: q, port: 8600}
                ports: {a: 1}
                """, Graph.class, "t");
        assertEquals(new PullNode("p", 9000), g.nodes().get(0));
        assertEquals(new PushNode("q", 8600), g.nodes().get(1));
        assertEquals(Map.of("a", 1), g.ports());
        assertEquals("test.yaml:1:10: nodes[0].kind: pul (expected: one of: date-pull, push)",
                problems("nodes: [{kind: pul, name: p}]", Graph.class));
        assertEquals("test.yaml:1:9: nodes[0].kind: missing (expected: one of: date-pull, push)",
                problems("nodes: [{name: p}]", Graph.class));
    }

    @Test
    void constructorValidationIsReportedAtTheRecordPath() {
        assertEquals("test.yaml:1:9: nodes[0]: name must not be empty", problems("nodes: [{kind: push, name: ''}]", Graph.class));
    }

    @Test
    void yamlSyntaxErrorsNameLineAndColumn() {
        String message = problems("sockets:\n  - name: a\n   port: [\n", Root.class);
        assertTrue(message.startsWith("test.yaml:3:"), message);
    }

    @Test
    void duplicateKeysAreRejected() {
        String message = problems("log_level: INFO\nlog_level: DEBUG\n", Root.class);
        assertTrue(message.contains("log_level"), message);
    }

    @Test
    void sizesAndDurationsParseHumanUnits() {
        assertEquals(1 << 20, ByteSize.parse("1MiB").bytes());
        assertEquals(1536, ByteSize.parse("1.5KiB").bytes());
        assertEquals(10_000_000, ByteSize.parse("10MB").bytes());
        assertEquals(512, ByteSize.parse("512").bytes());
        assertEquals("1MiB", ByteSize.ofMiB(1).toString());
        assertThrows(IllegalArgumentException.class, () -> ByteSize.parse("1.3B"));
        assertEquals(Duration.ofMillis(1500), Durations.parse("1.5s"));
        assertEquals(Duration.ofSeconds(900), Durations.parse("900"));
        assertEquals(Duration.ofMinutes(2), Durations.parse("2m"));
        assertEquals("250ms", Durations.format(Duration.ofMillis(250)));
        assertEquals("2m", Durations.format(Duration.ofMinutes(2)));
    }

    @Test
    void byteSequencesParseHexAndEscapes() {
        assertEquals(ByteSequence.of((byte) 0x0d, (byte) 0x0a), ByteSequence.parse("0x0d0a"));
        assertEquals(ByteSequence.of((byte) '\r', (byte) '\n'), ByteSequence.parse("\\r\\n"));
        assertEquals(ByteSequence.of((byte) 0x17), ByteSequence.parse("\\x17"));
        assertEquals(ByteSequence.of((byte) 0xff), ByteSequence.parse("\\xff"));
        assertNull(ByteSequence.parse("null"));
        assertEquals("0x17", ByteSequence.ETB.toString());
        assertThrows(IllegalArgumentException.class, () -> ByteSequence.parse("\\x1"));
        assertThrows(IllegalArgumentException.class, () -> ByteSequence.parse(""));
    }
}
