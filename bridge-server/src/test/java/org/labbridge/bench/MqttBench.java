package org.labbridge.bench;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.labbridge.config.ConfigBinder;
import org.labbridge.daemon.Message;
import org.labbridge.daemon.NodeContext;
import org.labbridge.daemon.config.DaemonConfig;
import org.labbridge.daemon.config.MqttPublishNodeConfig;
import org.labbridge.mqtt.MqttMeters;
import org.labbridge.mqtt.MqttPublishNode;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Benchmark main (not a test) for the {@code mqtt-publish} node: publishes COUNT messages, the same JSON
 * objects {@code bench/mqtt-bench.sh} feeds {@code mosquitto_pub -l} ({@code {"seq": i, "t": 21.5}} on one fixed
 * topic), to a broker, after a warm-up of the same size, and prints the time until the broker had them all
 * (QoS 0: written; QoS 1: acknowledged).
 *
 * <pre>
 *   MqttBench HOST:PORT QOS COUNT      (-Dbench.inflight=N: max_inflight [64])
 * </pre>
 */
public final class MqttBench {

    private MqttBench() {
    }

    public static void main(String[] args) throws Exception {
        String broker = args[0];
        int qos = Integer.parseInt(args[1]);
        int count = Integer.parseInt(args[2]);
        MqttPublishNodeConfig config = (MqttPublishNodeConfig) ConfigBinder.loadString("""
                nodes:
                  - kind: mqtt-publish
                    name: bench
                    broker: "%s"
                    topic: "bench/{node}"
                    qos: %d
                    queue_messages: %d
                    queue_bytes: 1GiB
                    max_inflight: %d
                """.formatted(broker, qos, 2 * count + 1, Integer.getInteger("bench.inflight", 64)), DaemonConfig.class, "bench").nodes().get(0);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        MqttPublishNode node = new MqttPublishNode(config, new NodeContext(null, registry, Duration.ofSeconds(5)));
        node.start();
        Counter published = registry.find(MqttMeters.PUBLISHED.meterName()).counter();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (registry.find(MqttMeters.CONNECTED.meterName()).gauge().value() < 1) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not connected to " + broker + " within 30 s");
            }
            Thread.sleep(10);
        }
        round(node, published, count, 0); // warm-up: the JIT compiles the publish path
        long nanos = round(node, published, count, count);
        System.out.printf(Locale.ROOT, "labbridge mqtt-publish qos %d: %d messages in %.3f s = %.0f msg/s (dropped %.0f)%n",
                qos, count, nanos / 1e9, count / (nanos / 1e9),
                registry.find(MqttMeters.DROPPED.meterName()).counters().stream().mapToDouble(Counter::count).sum());
        node.stop(Duration.ofSeconds(5));
    }

    private static long round(MqttPublishNode node, Counter published, int count, int offset) throws InterruptedException {
        double before = published.count();
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            Map<String, Object> values = new LinkedHashMap<>();
            values.put("seq", offset + i);
            values.put("t", 21.5);
            node.accept(new Message(values, Instant.now(), "bench"));
        }
        while (published.count() - before < count) {
            Thread.onSpinWait();
            Thread.sleep(0, 100_000);
        }
        return System.nanoTime() - start;
    }
}
