package org.labbridge.daemon.config;

import org.junit.jupiter.api.Test;
import org.labbridge.config.ByteSequence;
import org.labbridge.config.ConfigBinder;
import org.labbridge.config.ConfigException;
import org.labbridge.config.HostPort;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DaemonConfigTest {

    private static DaemonConfig parse(String yaml) throws ConfigException {
        DaemonConfig config = ConfigBinder.loadString(yaml, DaemonConfig.class, "test.yaml");
        GraphValidator.validate(config);
        return config;
    }

    private static List<String> problems(String yaml) {
        return assertThrows(ConfigException.class, () -> parse(yaml)).problems();
    }

    @Test
    void embeddedDefaultIsTheDocumentedGraph() throws Exception {
        DaemonConfig config = DaemonConfig.embeddedDefault();
        GraphValidator.validate(config);
        PullNodeConfig pull = assertInstanceOf(PullNodeConfig.class, config.nodes().get(0));
        assertTrue(pull.dated());
        assertEquals(9000, pull.port());
        assertEquals("127.0.0.1", pull.bind());
        assertTrue(pull.codenames().auto());
        PushNodeConfig push = assertInstanceOf(PushNodeConfig.class, config.nodes().get(1));
        assertEquals(8500, push.port());
        BridgeServerNodeConfig bridge = assertInstanceOf(BridgeServerNodeConfig.class, config.nodes().get(2));
        assertEquals(45454, bridge.port());
        assertEquals(ByteSequence.ETB, bridge.framing().messageDelimiter());
        assertEquals(List.of(new ConnectionConfig("input", List.of("readings", "bridge")),
                new ConnectionConfig("bridge", List.of("readings"))), config.connections());
        assertTrue(config.metrics().enabled());
        assertEquals(9900, config.metrics().port());
    }

    @Test
    void theSampleConfigurationIsValid() throws Exception {
        Path sample = Path.of("src/dist/conf/labbridge.yaml");
        DaemonConfig config = DaemonConfig.load(sample);
        GraphValidator.validate(config);
        assertTrue(config.nodes().size() >= 7, "the sample shows every node kind");
        assertTrue(Files.readString(sample).contains("kind: bridge-client"));
    }

    @Test
    void kindsChoosePortsAndOptions() throws Exception {
        DaemonConfig c = parse("""
                nodes:
                  - {kind: data-pull, name: d, codenames: [a, b], timeouts: {a: 5s}}
                  - {kind: date-pull, name: e, timeouts: 2}
                  - {kind: live, name: l, codenames: [x], live_server: "host:8001"}
                  - kind: bridge-client
                    name: up
                    connect: lab-pc:45454
                    framing: {message_delimiter: null, buffer_size: 64KiB}
                  - {kind: log, name: dbg}
                connections:
                  - {from: up, to: [d, e, l, dbg]}
                """);
        PullNodeConfig d = (PullNodeConfig) c.nodes().get(0);
        assertEquals(9010, d.port());
        assertEquals(Duration.ofSeconds(5), d.timeouts().of("a"));
        assertNull(d.timeouts().of("b"));
        assertEquals(Duration.ofSeconds(2), ((PullNodeConfig) c.nodes().get(1)).timeouts().of("anything"));
        assertEquals(new HostPort("host", 8001), ((LiveNodeConfig) c.nodes().get(2)).liveServer());
        BridgeClientNodeConfig up = (BridgeClientNodeConfig) c.nodes().get(3);
        assertEquals(new HostPort("lab-pc", 45454), up.connect());
        assertNull(up.framing().messageDelimiter(), "null delimiter = close-delimited");
        assertEquals(64 * 1024, up.framing().bufferSize().bytes());
        assertEquals(org.labbridge.transport.TcpKeepalive.DEFAULT, up.keepalive().toTcpKeepalive(),
                "keepalive: left out = 60s / 10s / 6");
    }

    @Test
    void bridgeKeepaliveIsConfigurable() throws Exception {
        DaemonConfig c = parse("""
                nodes:
                  - {kind: bridge-server, name: s, keepalive: {idle: 30s, interval: 5s, count: 3}}
                  - {kind: bridge-client, name: up, connect: lab-pc:45454, keepalive: {idle: 2m}}
                connections:
                  - {from: up, to: s}
                """);
        assertEquals(new org.labbridge.transport.TcpKeepalive(Duration.ofSeconds(30), Duration.ofSeconds(5), 3),
                ((BridgeServerNodeConfig) c.nodes().get(0)).keepalive().toTcpKeepalive());
        assertEquals(new org.labbridge.transport.TcpKeepalive(Duration.ofMinutes(2), Duration.ofSeconds(10), 6),
                ((BridgeClientNodeConfig) c.nodes().get(1)).keepalive().toTcpKeepalive());
    }

    @Test
    void bridgeServersHaveAConnectionCapByDefault() throws Exception {
        DaemonConfig c = parse("""
                nodes:
                  - {kind: bridge-server, name: s}
                  - {kind: bridge-server, name: open, port: 45455, max_connections: 0}
                """);
        assertEquals(1024, ((BridgeServerNodeConfig) c.nodes().get(0)).maxConnections());
        assertEquals(0, ((BridgeServerNodeConfig) c.nodes().get(1)).maxConnections(), "0 = no limit, explicitly");
    }

    /** Issue 10: without LimitNOFILE, connections the kernel accepted hung unserved at the fd limit. */
    @Test
    void theSystemdUnitAllowsFarMoreDescriptorsThanTheDefaultCap() throws Exception {
        String unit = java.nio.file.Files.readString(java.nio.file.Path.of("src/dist/systemd/labbridge.service"));
        var m = java.util.regex.Pattern.compile("(?m)^LimitNOFILE=(\\d+)$").matcher(unit);
        assertTrue(m.find(), "LimitNOFILE= in the unit");
        int limit = Integer.parseInt(m.group(1));
        assertTrue(limit >= 16 * org.labbridge.bridge.BridgeServer.DEFAULT_MAX_CONNECTIONS,
                "LimitNOFILE=" + limit + " leaves room for several bridge servers at their default cap");
    }

    @Test
    void aBridgeClientSpoolTakesDefaultsAndItsKeys() throws Exception {
        DaemonConfig c = parse("""
                nodes:
                  - {kind: bridge-client, name: a, connect: lab-pc:45454, spool: {dir: /var/spool/a}}
                  - kind: bridge-client
                    name: b
                    connect: lab-pc:45455
                    spool: {dir: spool-b, max_bytes: 64MiB, fsync: always, fsync_interval: 200ms}
                  - {kind: bridge-client, name: c, connect: lab-pc:45456}
                connections: []
                """);
        SpoolConfig a = ((BridgeClientNodeConfig) c.nodes().get(0)).spool();
        assertEquals(1L << 30, a.maxBytes().bytes(), "max_bytes: 1GiB by default");
        assertEquals(org.labbridge.spool.FsyncMode.INTERVAL, a.fsync());
        assertEquals(Duration.ofSeconds(1), a.fsyncInterval());
        SpoolConfig b = ((BridgeClientNodeConfig) c.nodes().get(1)).spool();
        assertEquals(64L << 20, b.toOptions().maxBytes());
        assertEquals(org.labbridge.spool.FsyncMode.ALWAYS, b.toOptions().fsync());
        assertEquals(Duration.ofMillis(200), b.toOptions().fsyncInterval());
        assertEquals(Path.of("spool-b"), b.toOptions().dir());
        assertNull(((BridgeClientNodeConfig) c.nodes().get(2)).spool(), "no spool: the queue is in memory");
    }

    @Test
    void badSpoolSettingsAreReported() {
        List<String> p = problems("""
                nodes:
                  - {kind: bridge-client, name: a, connect: h:1, spool: {dir: d, fsync: sometimes}}
                  - {kind: bridge-client, name: b, connect: h:2, spool: {dir: e, max_bytes: 1KiB}}
                  - {kind: bridge-client, name: c, connect: h:3, spool: {max_bytes: 1MiB}}
                connections: []
                """);
        assertEquals(3, p.size(), p.toString());
        assertTrue(p.get(0).startsWith("nodes[0].spool.fsync:") && p.get(0).contains("always"), p.get(0));
        assertTrue(p.get(1).startsWith("nodes[1].spool") && p.get(1).contains("at least 65536"), p.get(1));
        assertTrue(p.get(2).startsWith("nodes[2].spool"), p.get(2));
    }

    @Test
    void unknownNodeNamesAreReported() {
        assertEquals(List.of("connections[0].to[1]: 'raedings' is not a node, did you mean 'readings'? (nodes: input, readings)"),
                problems("""
                        nodes: [{kind: push, name: input}, {kind: date-pull, name: readings}]
                        connections: [{from: input, to: [readings, raedings]}]
                        """));
    }

    @Test
    void wrongKindsAreReported() {
        assertEquals(List.of("connections[0].from: 'readings' is a date-pull node, which produces no messages",
                        "connections[0].to[0]: 'input' is a push node, which accepts no messages"),
                problems("""
                        nodes: [{kind: push, name: input}, {kind: date-pull, name: readings}]
                        connections: [{from: readings, to: input}]
                        """));
    }

    @Test
    void duplicatePortsAreReported() {
        assertEquals(List.of("nodes[1].port: udp port 9000 is already used by nodes[0].port"),
                problems("nodes: [{kind: date-pull, name: a}, {kind: data-pull, name: b, port: 9000}]"));
        assertEquals(List.of("nodes[0].port: udp port 9900 is already used by metrics.port"),
                problems("nodes: [{kind: date-pull, name: a, port: 9900}]"));
        // same number, different protocol: fine
        assertEquals(List.of(), assertDoesNotThrowProblems(
                "nodes: [{kind: date-pull, name: a, port: 45454}, {kind: bridge-server, name: b}]"));
    }

    @Test
    void everyEarlierClaimOfAPortIsCompared() {
        // the third claim clashes with the second, not with the first
        assertEquals(List.of("nodes[2].port: udp port 9000 is already used by nodes[1].port"),
                problems("""
                        nodes:
                          - {kind: date-pull, name: a, bind: 10.0.0.1, port: 9000}
                          - {kind: date-pull, name: b, bind: 10.0.0.2, port: 9000}
                          - {kind: date-pull, name: c, bind: 10.0.0.2, port: 9000}
                        """));
        assertEquals(List.of("nodes[2].port: tcp port 45454 is already used by nodes[1].port"),
                problems("""
                        nodes:
                          - {kind: bridge-server, name: a, bind: 10.0.0.1}
                          - {kind: bridge-server, name: b, bind: 10.0.0.2}
                          - {kind: bridge-server, name: c, bind: 10.0.0.2}
                        """));
    }

    @Test
    void theHttpEndpointClaimsItsTcpPort() {
        assertEquals(List.of("nodes[0].port: tcp port 9901 is already used by http.port"),
                problems("nodes: [{kind: bridge-server, name: a, port: 9901}]"));
        assertEquals(List.of(), assertDoesNotThrowProblems("http: {enabled: false}\nnodes: [{kind: bridge-server, name: a, port: 9901}]"));
        assertEquals(List.of(), assertDoesNotThrowProblems("nodes: [{kind: push, name: a, port: 9901}]"), "udp and tcp do not clash");
    }

    @Test
    void spellingsOfOneAddressClash() {
        assertEquals(List.of("nodes[1].port: udp port 9000 is already used by nodes[0].port"),
                problems("nodes: [{kind: date-pull, name: a, bind: localhost}, {kind: date-pull, name: b}]"));
        assertEquals(List.of("nodes[0].port: udp port 9900 is already used by metrics.port"),
                problems("nodes: [{kind: date-pull, name: a, bind: LocalHost, port: 9900}]"));
        assertEquals(List.of("nodes[1].port: udp port 9000 is already used by nodes[0].port"),
                problems("nodes: [{kind: date-pull, name: a, bind: '::1'}, "
                        + "{kind: date-pull, name: b, bind: '0:0:0:0:0:0:0:1'}]"));
        assertEquals(List.of("nodes[1].port: udp port 9000 is already used by nodes[0].port"),
                problems("nodes: [{kind: date-pull, name: a, bind: lab-pc}, {kind: date-pull, name: b, bind: LAB-PC}]"));
        // different addresses on one port: fine
        assertEquals(List.of(), assertDoesNotThrowProblems(
                "nodes: [{kind: date-pull, name: a, bind: '::1'}, {kind: date-pull, name: b, bind: 127.0.0.1}]"));
    }

    @Test
    void aWildcardBindClashesWithEveryAddressOnItsPort() {
        for (String wildcard : List.of("''", "0.0.0.0", "'::'", "'[::]'")) {
            assertEquals(List.of("nodes[1].port: udp port 9000 is already used by nodes[0].port"),
                    problems("nodes: [{kind: date-pull, name: a, bind: 10.0.0.1}, "
                            + "{kind: date-pull, name: b, bind: " + wildcard + "}]"), wildcard);
            assertEquals(List.of("nodes[1].port: tcp port 45454 is already used by nodes[0].port"),
                    problems("nodes: [{kind: bridge-server, name: a, bind: " + wildcard + "}, "
                            + "{kind: bridge-server, name: b, bind: 10.0.0.1}]"), wildcard);
        }
        assertEquals(List.of("nodes[0].port: udp port 9900 is already used by metrics.port"),
                problems("nodes: [{kind: date-pull, name: a, bind: 0.0.0.0, port: 9900}]"));
    }

    private static List<String> assertDoesNotThrowProblems(String yaml) {
        try {
            parse(yaml);
            return List.of();
        } catch (ConfigException e) {
            return e.problems();
        }
    }

    @Test
    void duplicateNamesAreReported() {
        assertEquals(List.of("nodes[1].name: 'a' is already the name of nodes[0]"),
                problems("nodes: [{kind: date-pull, name: a}, {kind: push, name: a}]"));
    }

    @Test
    void cyclesAreReported() {
        assertEquals(List.of("connections[0]: cycle b → c → b (a message could circulate for ever)"),
                problems("""
                        nodes:
                          - {kind: bridge-server, name: b}
                          - {kind: bridge-client, name: c, connect: "127.0.0.1:45454"}
                        connections: [{from: b, to: c}, {from: c, to: b}]
                        """));
    }

    @Test
    void invalidNodeFieldsNameThePath() {
        assertEquals(List.of("nodes[0].port: 70000 (expected: 1..65535)"),
                problems("nodes: [{kind: push, name: p, port: 70000}]"));
        assertEquals(List.of("nodes[0].kind: pull (expected: one of: date-pull, data-pull, push, live, "
                        + "bridge-server, bridge-client, log, mqtt-publish, mqtt-subscribe)"),
                problems("nodes: [{kind: pull, name: p}]"));
        assertEquals(List.of("nodes[0]: name 'a b' may only use letters, digits, '_', '.', '-'"),
                problems("nodes: [{kind: push, name: a b}]"));
        assertEquals(List.of("nodes[0].connect: nowhere (expected: host:port, got 'nowhere')"),
                problems("nodes: [{kind: bridge-client, name: c, connect: nowhere}]"));
    }

    @Test
    void codenamesAndTimeoutsFollowPyExpLabSysRules() {
        assertEquals(List.of("nodes[0]: Codenames must be unique; 'a' is present more than once"),
                problems("nodes: [{kind: data-pull, name: d, codenames: [a, b, a]}]"));
        assertEquals(List.of("nodes[0]: The character ':' is not allowed in the codenames"),
                problems("nodes: [{kind: date-pull, name: d, codenames: ['a:b']}]"));
        assertEquals(List.of("nodes[0]: timeouts: 'tmep' is not one of the codenames (temp, p)"),
                problems("nodes: [{kind: date-pull, name: d, codenames: [temp, p], timeouts: {tmep: 5s}}]"));
        assertEquals(List.of("nodes[0]: The character '#' is not allowed in the codenames"),
                problems("nodes: [{kind: live, name: l, codenames: ['x#y'], live_server: 'h:1'}]"));
    }

    @Test
    void aNodeMayNotTakeTheMetricsSocketsName() {
        assertEquals(List.of("nodes[0].name: 'labbridge-metrics' is the name of the metrics socket (metrics.name);"
                        + " choose another"),
                problems("nodes: [{kind: date-pull, name: labbridge-metrics, port: 9001}]"));
    }

    @Test
    void writeBuffersHaveAUsableMinimum() {
        assertEquals(List.of("nodes[0].write_buffer_high: 0 (expected: 1024..1073741824 bytes)"),
                problems("nodes: [{kind: bridge-server, name: b, write_buffer_high: 0, write_buffer_low: 0}]"));
    }
}
