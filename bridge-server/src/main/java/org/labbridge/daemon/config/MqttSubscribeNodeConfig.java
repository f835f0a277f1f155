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
 * Subscribes to MQTT topic filters and routes every readable message on. A payload that is a JSON object
 * gives its keys as codenames; any other JSON value (typically a plain number) is the value of the codename
 * taken from the topic ({@code codename_from: topic_level(-1)}). Unreadable payloads are counted and logged
 * (rate-limited).
 *
 * @param name              node name
 * @param broker            {@code host:port}, or a list tried in turn (failover)
 * @param topics            topic filters ({@code +} one level, {@code #} the rest)
 * @param qos               0, 1 or 2: the most the broker is asked to deliver with
 * @param codenameFrom      where a non-object payload's codename comes from; absent: such payloads are refused
 * @param maxPayload        the largest payload read; larger ones are counted and dropped
 * @param maxNesting        the deepest JSON nesting read
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
 */
@TypeName("mqtt-subscribe")
public record MqttSubscribeNodeConfig(
        String name,
        List<HostPort> broker,
        List<String> topics,
        @Default("1") @Range(min = 0, max = 2) int qos,
        @Nullable TopicLevel codenameFrom,
        @Default("64KiB") ByteSize maxPayload,
        @Default("64") @Range(min = 1, max = 990) int maxNesting,
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
        @Default("0.2") @Range(min = 0, max = 1) double backoffJitter)
        implements NodeConfig, NodeConfig.Source, MqttBrokerSettings {

    public MqttSubscribeNodeConfig {
        MqttBrokerSettings.validate(name, broker, passwordFile, passwordEnv, username, keepalive, backoffInitial,
                backoffMax);
        if (topics.isEmpty()) {
            throw new IllegalArgumentException("topics: at least one topic filter, e.g. [\"lab/+/set/#\"]");
        }
        for (String filter : topics) {
            org.labbridge.mqtt.TopicFilters.validate(filter);
        }
        if (maxPayload.bytes() < 1 || maxPayload.bytes() > 256L * 1024 * 1024) {
            throw new IllegalArgumentException("max_payload must be within 1 B..256 MiB (MQTT's limit)");
        }
    }
}
