package org.labbridge.mqtt;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.function.Supplier;

/** Every meter of the MQTT nodes. All carry the tag {@code node} (the node's name). */
public enum MqttMeters {
    /** Publishes the broker accepted (QoS 1/2: acknowledged; QoS 0: written). */
    PUBLISHED("labbridge.mqtt.published", "publishes the broker accepted"),
    /** Publishes lost with a connection before their acknowledgement, queued again (QoS 1 may duplicate them). */
    RETRIED("labbridge.mqtt.publish.retries", "publishes lost with a connection and sent again"),
    /**
     * Values or messages not published; tag {@code reason}: drop_oldest (the outbox was full), bad_topic
     * (a codename that cannot be a topic level), not_encodable, rejected (the broker refused it), closed;
     * with a spool spool_handoff_full, spool_too_large, spool_closed, spool_io_error (not spooled).
     */
    DROPPED("labbridge.mqtt.dropped", "publishes dropped, by reason"),
    /** Gauge: publishes waiting in the outbox (not yet sent). */
    QUEUED_MESSAGES("labbridge.mqtt.queued.messages", "publishes waiting in the outbox"),
    /** Gauge: bytes of the publishes waiting in the outbox (with a spool: its segment files' size). */
    QUEUED_BYTES("labbridge.mqtt.queued.bytes", "bytes waiting in the outbox"),
    /** Gauge: publishes sent and not yet acknowledged. */
    INFLIGHT("labbridge.mqtt.inflight", "publishes sent, not yet acknowledged"),
    /** Messages received on subscribed topics and routed on. */
    RECEIVED("labbridge.mqtt.received", "messages received and routed on"),
    /** Received payloads that could not be read; tag {@code reason}: oversize, bad_json, no_codename, empty. */
    BAD_PAYLOADS("labbridge.mqtt.bad.payloads", "received payloads that could not be read, by reason"),
    /** Gauge: 1 while connected to a broker, else 0. */
    CONNECTED("labbridge.mqtt.connected", "1 while connected to a broker"),
    /** Connections established (the first one and every reconnect). */
    CONNECTIONS("labbridge.mqtt.connections", "connections established"),
    /** Connections lost (each followed by reconnect attempts with backoff). */
    DISCONNECTS("labbridge.mqtt.disconnects", "connections lost");

    private final String meterName;
    private final String description;

    MqttMeters(String meterName, String description) {
        this.meterName = meterName;
        this.description = description;
    }

    public String meterName() {
        return meterName;
    }

    public String description() {
        return description;
    }

    /** The counter of node {@code node}, with extra tags (key, value pairs). */
    public Counter counter(MeterRegistry registry, String node, String... extraTags) {
        return Counter.builder(meterName).description(description).tag("node", node).tags(extraTags)
                .register(registry);
    }

    /** A gauge of node {@code node} reading {@code value}. */
    public void gauge(MeterRegistry registry, String node, Supplier<Number> value) {
        Gauge.builder(meterName, value).description(description).tag("node", node).register(registry);
    }
}
