package org.labbridge.daemon.config;

import org.labbridge.tls.TlsClientConfig;

import org.labbridge.config.ByteSize;
import org.labbridge.config.Default;
import org.labbridge.config.HostPort;
import org.labbridge.config.Nullable;
import org.labbridge.config.Range;
import org.labbridge.config.TypeName;

import java.time.Duration;
import java.util.List;

/**
 * Publishes what is routed in to an MQTT broker. With {@code {codename}} in the topic, every value goes as
 * its own message (the value as JSON), retained by default, so the broker always holds the latest value of
 * each codename; with a fixed topic, every message goes as one JSON object. While no broker is reachable,
 * messages wait in a bounded queue (the oldest dropped and counted beyond it), or with {@code spool:} on disk,
 * where they survive a crash or a restart of labbridge.
 *
 * @param name              node name
 * @param broker            {@code host:port}, or a list tried in turn (failover)
 * @param topic             topic template; {@code {node}} is the message's source node, {@code {codename}} the codename
 * @param qos               0, 1 or 2
 * @param retain            retain flag; absent: true with {@code {codename}} in the topic, else false
 * @param clientId          MQTT client identifier; absent: {@code labbridge-<name>-<random>}
 * @param username          MQTT user name
 * @param passwordFile      file holding the password
 * @param passwordEnv       environment variable holding the password
 * @param tls               present: MQTT over TLS, with these certificates
 * @param protocolVersion   {@code 3.1.1} or {@code 5}
 * @param keepalive         MQTT keep-alive interval
 * @param connectTimeout    time allowed for one connection attempt
 * @param backoffInitial    first reconnect delay
 * @param backoffMax        longest reconnect delay
 * @param backoffMultiplier growth per failed attempt
 * @param backoffJitter     random spread of each delay, 0..1
 * @param queueMessages     messages kept while the broker is unreachable (the oldest dropped beyond)
 * @param queueBytes        bytes kept while the broker is unreachable
 * @param maxInflight       publishes sent and not yet acknowledged, at most
 * @param spool             keep the queue on disk (survives a crash and a restart); absent = in memory. With
 *                          it, {@code queue_messages}/{@code queue_bytes} bound the records read back from
 *                          disk and held in memory until the broker has them
 */
@TypeName("mqtt-publish")
public record MqttPublishNodeConfig(
        String name,
        List<HostPort> broker,
        @Default("lab/{node}/{codename}") String topic,
        @Default("1") @Range(min = 0, max = 2) int qos,
        @Nullable Boolean retain,
        @Nullable String clientId,
        @Nullable String username,
        @Nullable String passwordFile,
        @Nullable String passwordEnv,
        @Nullable TlsClientConfig tls,
        @Default("3.1.1") MqttVersion protocolVersion,
        @Default("60s") Duration keepalive,
        @Default("10s") Duration connectTimeout,
        @Default("100ms") Duration backoffInitial,
        @Default("10s") Duration backoffMax,
        @Default("2.0") @Range(min = 1, max = 100) double backoffMultiplier,
        @Default("0.2") @Range(min = 0, max = 1) double backoffJitter,
        @Default("10000") @Range(min = 1, max = 10_000_000) int queueMessages,
        @Default("16MiB") ByteSize queueBytes,
        @Default("64") @Range(min = 1, max = 65_535) int maxInflight,
        @Nullable SpoolConfig spool)
        implements NodeConfig, NodeConfig.Sink, MqttBrokerSettings {

    public MqttPublishNodeConfig {
        MqttBrokerSettings.validate(name, broker, passwordFile, passwordEnv, username, keepalive, backoffInitial,
                backoffMax);
        org.labbridge.mqtt.TopicTemplate.parse(topic); // names a bad template now, not at the first message
        if (retain == null) {
            retain = topic.contains(org.labbridge.mqtt.TopicTemplate.CODENAME);
        }
        if (queueBytes.bytes() < 1) {
            throw new IllegalArgumentException("queue_bytes must be positive");
        }
    }
}
