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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code check} on network exposure: warnings for sockets off loopback, errors for bad allowlists. */
class ExposureCliTest {

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
    void theDefaultConfigurationWarnsOfNothing() {
        assertEquals(ExitCodes.OK, LabbridgeMain.execute("check"));
        assertFalse(out().contains("warning"), out());
    }

    @Test
    void everySocketOffLoopbackWithoutAnAllowListIsWarnedOf(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("exposed.yaml");
        Files.writeString(file, """
                metrics: {bind: 0.0.0.0, port: 19900}
                nodes:
                  - {kind: push, name: open, bind: 0.0.0.0, port: 18500}
                  - {kind: date-pull, name: guarded, bind: "::", port: 19000, allow: [10.0.0.0/8, 192.168.1.17, "::1"]}
                  - {kind: data-pull, name: local, bind: 127.0.0.1, port: 19010}
                  - {kind: live, name: lan, bind: 192.168.1.2, port: 18000, codenames: [a], live_server: "127.0.0.1:8001"}
                  - {kind: bridge-server, name: up, bind: "", port: 14545}
                connections: [{from: open, to: [guarded, local, lan, up]}]
                """);
        assertEquals(ExitCodes.OK, LabbridgeMain.execute("check", "-c", file.toString()), err());
        String o = out();
        assertTrue(o.contains("warning: node 'open' (push) listens on udp 0.0.0.0:18500, off loopback, with no "
                + "allow list"), o);
        assertTrue(o.contains("warning: node 'lan' (live) listens on udp 192.168.1.2:18000"), o);
        assertTrue(o.contains("warning: node 'up' (bridge-server) listens on tcp 0.0.0.0:14545"), o);
        assertTrue(o.contains("warning: metrics socket 'labbridge-metrics' listens on udp 0.0.0.0:19900"), o);
        assertFalse(o.contains("'guarded'"), o);
        assertFalse(o.contains("'local'"), o);
        assertTrue(o.contains("guarded (date-pull) udp :::19000 allow 10.0.0.0/8, 192.168.1.17, ::1"), o);
        assertEquals(4, o.lines().filter(l -> l.startsWith("warning: ")).count(), o);
    }

    @Test
    void badAllowEntriesAreReportedWithTheirPath(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad-allow.yaml");
        Files.writeString(file, """
                metrics: {allow: [10.0.0.0/33]}
                nodes:
                  - {kind: push, name: in, allow: [10.0.0.0/8, lab-pc.example]}
                  - {kind: bridge-server, name: up, allow: "::1/129"}
                connections: [{from: in, to: up}]
                """);
        assertEquals(ExitCodes.USAGE, LabbridgeMain.execute("check", "-c", file.toString()));
        String e = err();
        assertTrue(e.contains(file + ": metrics.allow[0]: 10.0.0.0/33 (expected: a prefix length of 0..32"), e);
        assertTrue(e.contains(file + ": nodes[0].allow[1]: lab-pc.example (expected: an IPv4 or IPv6 address or "
                + "CIDR block"), e);
        assertTrue(e.contains(file + ": nodes[1].allow[0]: ::1/129 (expected: a prefix length of 0..128"), e);
    }
}
