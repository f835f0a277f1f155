package org.labbridge.daemon.config;

import org.junit.jupiter.api.Test;
import org.labbridge.config.ConfigBinder;
import org.labbridge.config.ConfigDocument;
import org.labbridge.config.ConfigException;
import org.labbridge.config.Problem;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Graph errors and warnings carry the position of the node or connection they are about. */
class GraphErrorsTest {

    private static ConfigDocument<DaemonConfig> read(String yaml) throws ConfigException {
        return ConfigBinder.readString(yaml, DaemonConfig.class, "labbridge.yaml");
    }

    private static List<String> graphErrors(String yaml) throws ConfigException {
        ConfigDocument<DaemonConfig> document = read(yaml);
        return assertThrows(ConfigException.class, () -> GraphValidator.validate(document)).located();
    }

    private static List<String> located(List<Problem> problems) {
        return problems.stream().map(Problem::located).toList();
    }

    @Test
    void aPortClashNamesTheLineAndColumnOfThePort() throws Exception {
        assertEquals(List.of("labbridge.yaml:7:5: nodes[1].port: udp port 9000 is already used by nodes[0].port"),
                graphErrors("""
                        nodes:
                          - kind: date-pull
                            name: a
                            port: 9000
                          - kind: data-pull
                            name: b
                            port: 9000
                        """));
        // a defaulted port was not written: the node that takes it is where to look
        assertEquals(List.of("labbridge.yaml:4:5: nodes[1].port: udp port 9000 is already used by nodes[0].port"),
                graphErrors("""
                        nodes:
                          - kind: date-pull
                            name: a
                          - kind: date-pull
                            name: b
                        """));
    }

    @Test
    void aCycleIsReportedEvenWhileANameIsDuplicated() throws Exception {
        assertEquals(List.of("labbridge.yaml:4:17: nodes[2].name: 'b' is already the name of nodes[0]",
                        "labbridge.yaml:6:5: connections[0]: cycle b → c → b (a message could circulate for ever)"),
                graphErrors("""
                        nodes:
                          - {kind: bridge-server, name: b}
                          - {kind: bridge-client, name: c, connect: "127.0.0.1:45454"}
                          - {kind: log, name: b}
                        connections:
                          - {from: b, to: c}
                          - {from: c, to: b}
                        """));
    }

    @Test
    void referencesToNodesAreLocated() throws Exception {
        assertEquals(List.of("labbridge.yaml:3:34: connections[0].to[1]: 'raedings' is not a node, did you mean 'readings'? (nodes: input, readings)"),
                graphErrors("""
                        nodes: [{kind: push, name: input}, {kind: date-pull, name: readings}]
                        connections:
                          - {from: input, to: [readings, raedings]}
                        """));
    }

    @Test
    void anEmptyFileOrGraphWarns() throws Exception {
        assertEquals(List.of("labbridge.yaml: warning: the file is empty: every setting is its default and there"
                + " are no nodes"), located(ConfigWarnings.of(read("# nothing here yet\n"))));
        assertEquals(List.of("labbridge.yaml:2:1: warning: nodes: no nodes: labbridge would serve only its metrics"
                + " socket and HTTP endpoint"), located(ConfigWarnings.of(read("log_level: INFO\nnodes: []\n"))));
        assertEquals(List.of(), located(ConfigWarnings.of(DaemonConfig.readEmbeddedDefault())));
    }

    @Test
    void aBindAddressThisMachineDoesNotHaveWarns() throws Exception {
        // 192.0.2.0/24 is TEST-NET-1: documentation only, never an interface's address
        assertEquals(List.of("labbridge.yaml:3:5: warning: nodes[0].bind: 192.0.2.5 is not an address of this"
                        + " machine: labbridge run cannot bind it (labbridge check --bind-test tries every bind)"),
                located(ConfigWarnings.of(read("""
                        nodes:
                          - kind: push
                            bind: 192.0.2.5
                            name: in
                        """))));
        assertEquals(List.of(), located(ConfigWarnings.of(read(
                "nodes: [{kind: push, name: a, bind: 0.0.0.0}, {kind: push, name: b, bind: '::1', port: 8501},"
                        + " {kind: push, name: c, bind: localhost, port: 8502}, {kind: push, name: d, bind: lab-pc,"
                        + " port: 8503}]"))), "wildcards, loopback and host names (not resolved) do not warn");
    }

    @Test
    void theBindProbeFindsWhatRunCannotBind() throws Exception {
        try (DatagramSocket taken = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            int port = taken.getLocalPort();
            ConfigDocument<DaemonConfig> document = read("""
                    metrics: {enabled: false}
                    http: {port: 0}
                    nodes:
                      - {kind: push, name: far, bind: 192.0.2.5, port: %d}
                      - {kind: push, name: busy, port: %d}
                    """.formatted(port, port));
            List<String> failed = located(BindProbe.run(document));
            assertEquals(2, failed.size(), failed.toString());
            assertEquals("labbridge.yaml:4:29: nodes[0].bind: cannot bind udp 192.0.2.5:" + port
                    + ": Cannot assign requested address", failed.get(0).replaceAll(" \\(Bind failed\\)$", ""));
            assertEquals("labbridge.yaml:5:30: nodes[1].port: cannot bind udp 127.0.0.1:" + port
                    + ": Address already in use", failed.get(1).replaceAll(" \\(Bind failed\\)$", ""));
        }
    }

    @Test
    void theBindProbeBindsAndReleasesAFreeConfiguration() throws IOException, ConfigException {
        int port;
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            port = probe.getLocalPort();
        }
        ConfigDocument<DaemonConfig> document = read("metrics: {enabled: false}\nhttp: {port: 0}\n"
                + "nodes: [{kind: push, name: in, port: " + port + "}]\n");
        assertEquals(List.of(), located(BindProbe.run(document)));
        try (DatagramSocket again = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
            assertEquals(port, again.getLocalPort(), "the probe let go of the port");
        }
    }
}
