package org.labbridge.client.bridge;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

/**
 * Every meter of the TCP bridge, for both roles (like Micrometer's {@code NettyMeters}). All carry the
 * tags {@code bridge} (the bridge's name) and {@code role} ({@code server} or {@code client}).
 */
public enum BridgeMeters {
    /** Messages received, validated and passed on (to the sinks / subscribers). */
    MESSAGES_RECEIVED("labbridge.bridge.messages.received", "messages received and passed on"),
    /** Bytes of the messages counted by {@link #MESSAGES_RECEIVED}, delimiters included. */
    BYTES_RECEIVED("labbridge.bridge.bytes.received", "bytes of received messages"),
    /** Messages written to a socket (server: once per client). */
    MESSAGES_SENT("labbridge.bridge.messages.sent", "messages written to sockets"),
    /** Bytes of the messages counted by {@link #MESSAGES_SENT}. */
    BYTES_SENT("labbridge.bridge.bytes.sent", "bytes written to sockets"),
    /** Received frames dropped; tag {@code reason}: oversize, bad_encoding, bad_json, incomplete_at_eof. */
    DROPPED_RECEIVED("labbridge.bridge.dropped.received", "received frames dropped, by reason"),
    /**
     * Outgoing messages dropped; tag {@code reason}: drop_newest, drop_oldest, disconnect (the
     * slow-peer policy that acted), closed (still queued when the connection or bridge closed).
     */
    DROPPED_SENT("labbridge.bridge.dropped.sent", "outgoing messages dropped, by reason"),
    /** Connections established (server: accepted; client: connected). */
    CONNECTIONS_OPENED("labbridge.bridge.connections.opened", "connections established"),
    /** Connections closed, for whatever reason. */
    CONNECTIONS_CLOSED("labbridge.bridge.connections.closed", "connections closed"),
    /** Server: connections refused because of {@code max_connections}. */
    CONNECTIONS_REFUSED("labbridge.bridge.connections.refused", "connections refused (max_connections)"),
    /**
     * Server: accepts that failed (typically out of file descriptors, {@code EMFILE}); each one pauses
     * accepting briefly.
     */
    ACCEPT_FAILURES("labbridge.bridge.accept.failures", "failed accepts (e.g. out of file descriptors)"),
    /**
     * Server: connections closed at accept; tag {@code reason}: not_allowed (the client's address is not in
     * the server's {@code allow} list).
     */
    CONNECTIONS_DENIED("labbridge.bridge.connections.denied", "connections closed at accept, by reason"),
    /** Server: slow clients disconnected by the {@code disconnect} policy. */
    SLOW_DISCONNECTS("labbridge.bridge.slow.disconnects", "slow peers disconnected by policy"),
    /** Client: connection attempts that failed (each one is followed by a backoff delay). */
    CONNECT_FAILURES("labbridge.bridge.connect.failures", "failed connection attempts"),
    /** Client: idle timeouts (no data for {@code idle_timeout}) that closed the connection. */
    IDLE_TIMEOUTS("labbridge.bridge.idle.timeouts", "connections closed by the idle timeout"),
    /** Gauge: connections open now. */
    CONNECTIONS("labbridge.bridge.connections", "connections open now"),
    /** Gauge: messages waiting in the bridge's outbound queues (not yet written to a socket). */
    QUEUED_MESSAGES("labbridge.bridge.queued.messages", "messages waiting to be written"),
    /** Gauge: bytes waiting in the outbound queues and Netty's outbound buffers. */
    QUEUED_BYTES("labbridge.bridge.queued.bytes", "bytes waiting to be written");

    private final String meterName;
    private final String description;

    BridgeMeters(String meterName, String description) {
        this.meterName = meterName;
        this.description = description;
    }

    public String meterName() {
        return meterName;
    }

    public String description() {
        return description;
    }

    /** The counter for this meter, with the common tags and any extra ones. */
    public Counter counter(MeterRegistry registry, Tags common, String... extraTags) {
        return Counter.builder(meterName).description(description).tags(common).tags(extraTags).register(registry);
    }

    /** The common tags of one bridge. */
    public static Tags tags(String bridgeName, String role) {
        return Tags.of("bridge", bridgeName, "role", role);
    }
}
