package org.labbridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.labbridge.config.ConfigBinder;
import org.labbridge.daemon.Message;
import org.labbridge.daemon.NodeContext;
import org.labbridge.daemon.config.DaemonConfig;
import org.labbridge.daemon.config.MqttPublishNodeConfig;
import org.labbridge.daemon.config.MqttSubscribeNodeConfig;
import org.labbridge.mqtt.MqttMeters;
import org.labbridge.mqtt.MqttPublishNode;
import org.labbridge.mqtt.MqttSubscribeNode;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The MQTT nodes against a second broker implementation, HiveMQ CE in a container, over MQTT 5: a value
 * published to its retained per-codename topic reaches a subscriber node that comes later. Runs where a
 * Docker engine exists; JUnit reports it skipped ("disabledWithoutDocker") where none does (Mosquitto, the
 * broker of the other MQTT tests, needs no Docker).
 */
@Testcontainers(disabledWithoutDocker = true)
class MqttHiveMqCeIT {

    @Test
    void aRetainedValueReachesALaterSubscriberOverMqtt5() throws Exception {
        try (GenericContainer<?> hivemq = new GenericContainer<>("hivemq/hivemq-ce:2024.9")
                .withExposedPorts(1883)
                .waitingFor(Wait.forListeningPort())
                .withStartupTimeout(Duration.ofMinutes(3))) {
            hivemq.start();
            String broker = hivemq.getHost() + ":" + hivemq.getMappedPort(1883);
            DaemonConfig config = ConfigBinder.loadString("""
                    nodes:
                      - {kind: mqtt-publish, name: up, broker: "%1$s", protocol_version: 5, qos: 1}
                      - kind: mqtt-subscribe
                        name: down
                        broker: "%1$s"
                        protocol_version: 5
                        topics: ["lab/input/#"]
                        codename_from: topic_level(-1)
                    """.formatted(broker), DaemonConfig.class, "it");
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            NodeContext context = new NodeContext(null, registry, Duration.ofSeconds(5));
            MqttPublishNode up = new MqttPublishNode((MqttPublishNodeConfig) config.nodes().get(0), context);
            MqttSubscribeNode down = new MqttSubscribeNode((MqttSubscribeNodeConfig) config.nodes().get(1), context);
            CompletableFuture<Message> received = new CompletableFuture<>();
            down.outputTo(received::complete);
            try {
                up.start();
                up.accept(new Message(Map.of("temperature", 21.5), Instant.now(), "input"));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (registry.find(MqttMeters.PUBLISHED.meterName()).tag("node", "up").counter().count() < 1) {
                    if (System.nanoTime() > deadline) {
                        throw new AssertionError("HiveMQ CE did not acknowledge the publish within 60 s");
                    }
                    Thread.sleep(20); // poll interval of a poll-with-deadline
                }
                down.start(); // after the broker acknowledged the publish: only the retained copy can reach it
                Message m = received.get(60, TimeUnit.SECONDS);
                assertEquals(Map.of("temperature", 21.5), m.values());
            } finally {
                down.stop(Duration.ofSeconds(1));
                up.stop(Duration.ofSeconds(1));
            }
        }
    }
}
