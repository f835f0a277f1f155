package org.labbridge.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line in-process: exit codes and output that scripts rely on. */
class CliTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream savedOut;
    private PrintStream savedErr;

    @BeforeEach
    void capture() {
        savedOut = System.out;
        savedErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(savedOut);
        System.setErr(savedErr);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void versionPrintsOneLine() {
        assertEquals(ExitCodes.OK, LabbridgeMain.execute("version"));
        assertTrue(out().matches("labbridge \\S+ \\(netty 4\\.2\\.\\S+, java \\S+\\)\\R"), out());
    }

    @Test
    void checkPrintsTheDefaultGraph() {
        assertEquals(ExitCodes.OK, LabbridgeMain.execute("check"));
        assertTrue(out().contains("readings (date-pull) udp 127.0.0.1:9000"), out());
        assertTrue(out().contains("input (push) udp 127.0.0.1:8500"), out());
        assertTrue(out().contains("bridge (bridge-server) tcp 127.0.0.1:45454"), out());
        assertTrue(out().contains("input -> readings, bridge"), out());
        assertTrue(out().contains("bridge -> readings"), out());
    }

    @Test
    void checkReportsEveryProblemWithFileAndPathAndExits2(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, """
                nodes:
                  - {kind: push, name: in, port: 70000}
                  - {kind: date-pull, name: out, colour: red}
                connections: [{from: in, to: nowhere}]
                """);
        assertEquals(ExitCodes.USAGE, LabbridgeMain.execute("check", "-c", file.toString()));
        assertTrue(err().contains(file + ": nodes[0].port: 70000 (expected: 1..65535)"), err());
        assertTrue(err().contains(file + ": nodes[1].colour: unknown key"), err());
        assertEquals("", out());
    }

    @Test
    void graphErrorsAreReportedByCheck(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("graph.yaml");
        Files.writeString(file, "nodes: [{kind: push, name: in}]\nconnections: [{from: in, to: nowhere}]\n");
        assertEquals(ExitCodes.USAGE, LabbridgeMain.execute("check", "--config", file.toString()));
        assertTrue(err().contains(file + ": connections[0].to[0]: 'nowhere' is not a node (nodes: in)"), err());
    }

    @Test
    void runWithAnInvalidFileExits2WithoutStarting(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, "log_level: LOUD\n");
        assertEquals(ExitCodes.USAGE, LabbridgeMain.execute("run", "-c", file.toString()));
        assertTrue(err().contains("log_level 'LOUD' is not one of"), err());
    }

    @Test
    void missingFileIsAClearError() {
        assertEquals(ExitCodes.USAGE, LabbridgeMain.execute("check", "-c", "/nonexistent/labbridge.yaml"));
        assertTrue(err().contains("/nonexistent/labbridge.yaml: cannot read"), err());
    }

    @Test
    void unknownCommandIsAUsageError() {
        assertEquals(ExitCodes.USAGE, LabbridgeMain.execute("frobnicate"));
        assertTrue(err().contains("Unmatched argument"), err());
    }

    @Test
    void helpListsTheCommands() {
        assertEquals(ExitCodes.OK, LabbridgeMain.execute("--help"));
        for (String command : new String[] {"run", "check", "version"}) {
            assertTrue(out().contains("  " + command), out());
        }
    }
}
