package org.labbridge.daemon;

import org.junit.jupiter.api.Test;
import org.labbridge.config.ConfigBinder;
import org.labbridge.daemon.config.DaemonConfig;
import org.labbridge.daemon.config.MetricsConfig;
import org.labbridge.daemon.config.NodeConfig;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Start and stop order: a sink starts before, and stops after, every source that routes into it. Otherwise a
 * push socket could route into a bridge that is not serving yet, or keep acknowledging readings after the
 * bridge it feeds has drained and closed.
 */
class DaemonOrderTest {

    /** Records start and stop of nodes that bind nothing, so the real graph needs no ports. */
    private static final class RecordingFactory implements NodeFactory {
        final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public Node create(NodeConfig config, NodeContext context) {
            return node(config.name());
        }

        @Override
        public Node metrics(MetricsConfig config, NodeContext context) {
            return node(config.name());
        }

        private Node node(String name) {
            return new Node() {
                @Override
                public String name() {
                    return name;
                }

                @Override
                public void start() {
                    events.add("start " + name);
                }

                @Override
                public void accept(Message message) {
                }

                @Override
                public void stop(Duration drain) {
                    events.add("stop " + name);
                }

                @Override
                public String describe() {
                    return "recording";
                }
            };
        }
    }

    @Test
    void theDefaultGraphStartsSinksFirstAndStopsSourcesFirst() throws Exception {
        RecordingFactory factory = new RecordingFactory();
        DaemonConfig d = DaemonConfig.embeddedDefault();
        // the nodes are recordings, but the HTTP endpoint is real: on a free port, not the default 9901
        DaemonConfig config = new DaemonConfig(d.logLevel(), d.drainTime(), d.transport(), d.metrics(),
                new org.labbridge.daemon.config.HttpConfig(true, "127.0.0.1", 0, java.util.List.of()),
                d.nodes(), d.connections());
        Daemon daemon = Daemon.start(config, factory);
        daemon.stop(Duration.ofSeconds(1));
        // input → readings, bridge; bridge → readings. The metrics socket, in no connection, keeps its place (last).
        assertEquals(List.of("start readings", "start bridge", "start input", "start labbridge-metrics",
                        "stop labbridge-metrics", "stop input", "stop bridge", "stop readings"),
                factory.events);
    }

    @Test
    void aChainStartsFromItsEndWhateverTheDeclarationOrder() throws Exception {
        DaemonConfig config = ConfigBinder.loadString("""
                nodes:
                  - {kind: push, name: a}
                  - {kind: bridge-client, name: b, connect: "127.0.0.1:1"}
                  - {kind: bridge-server, name: c}
                  - {kind: log, name: d}
                connections: [{from: a, to: b}, {from: b, to: c}, {from: c, to: d}]
                """, DaemonConfig.class, "chain.yaml");
        assertEquals(List.of("d", "c", "b", "a"), Daemon.startOrder(List.of("a", "b", "c", "d"), config.connections()));
        assertEquals(List.of("d", "c", "b", "a"), Daemon.startOrder(List.of("d", "b", "a", "c"), config.connections()));
    }
}
