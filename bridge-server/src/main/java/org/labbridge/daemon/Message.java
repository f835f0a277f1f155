package org.labbridge.daemon;

import org.labbridge.codec.message.BridgeMessage;
import org.labbridge.codec.python.JsonLimits;
import org.labbridge.codec.python.PyJson;
import org.labbridge.codec.python.PyJsonException;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What flows through the graph: an ordered map codename → value (values in the Python value model of
 * {@code org.labbridge.codec.python}), stamped with the time it was received and the node it came from.
 *
 * <p>A message that came from a bridge keeps the validated {@link BridgeMessage} ({@link #wire()}), and its
 * values are read from it only when a node asks ({@link #values()}): a bridge-to-bridge route then forwards
 * the wire bytes ({@link #forBridge()}) without parsing or encoding them at all (nothing in the graph
 * changes a message's values, so they are the same JSON). Immutable; the values, once read, are cached.
 */
public final class Message {

    /** When it was received, or null when the source gave the time as seconds ({@link #receivedSeconds}). */
    private final Instant received;
    private final double receivedSeconds;
    private final String origin;
    private final BridgeMessage wire;
    /** The values, or (from a bridge, once read) an IllegalStateException saying why they cannot be read. */
    private volatile Object values;
    private final AckBarrier ack;

    /** A message of {@code values} (copied, in their order). */
    public Message(Map<String, Object> values, Instant received, String origin) {
        this(values, received, origin, null);
    }

    /**
     * A message whose source acknowledges it only once the durable sinks it is routed to have stored it:
     * they add their writes to {@code ack} (see {@link #acknowledgement()}).
     */
    public Message(Map<String, Object> values, Instant received, String origin, AckBarrier ack) {
        this(values, received, origin, ack, true);
    }

    /**
     * A message of values nobody changes any more (an unmodifiable view of a map whose owner dropped it, as a
     * push socket's decoded request): kept as they are, not copied, which a push paid once per datagram. Its
     * time is the socket's, Unix seconds with a fraction: kept as it is (the pull sockets it is routed to stamp
     * their points with it), and made an {@link Instant} only for a node that asks.
     */
    public static Message ofUnmodifiable(Map<String, Object> values, double receivedEpochSeconds, String origin,
                                         AckBarrier ack) {
        return new Message(values, null, receivedEpochSeconds, origin, ack, false);
    }

    private Message(Map<String, Object> values, Instant received, String origin, AckBarrier ack, boolean copy) {
        this(values, Objects.requireNonNull(received), seconds(received), origin, ack, copy);
    }

    private Message(Map<String, Object> values, Instant received, double receivedSeconds, String origin, AckBarrier ack,
                    boolean copy) {
        this.values = copy ? Collections.unmodifiableMap(new LinkedHashMap<>(values)) : Objects.requireNonNull(values);
        this.received = received;
        this.receivedSeconds = receivedSeconds;
        this.origin = origin;
        this.wire = null;
        this.ack = ack;
    }

    private Message(BridgeMessage wire, String origin) {
        this.wire = wire;
        this.received = wire.receivedAt();
        this.receivedSeconds = seconds(received);
        this.origin = origin;
        this.ack = null;
    }

    private static double seconds(Instant t) {
        return t.getEpochSecond() + t.getNano() / 1e9;
    }

    /**
     * A message of a received JSON object, its values read on first use; {@code null} when {@code wire} is
     * not a JSON object (see {@link BridgeMessage#isJsonObject()}).
     */
    public static Message fromBridge(BridgeMessage wire, String origin) {
        return wire.isJsonObject() ? new Message(wire, origin) : null;
    }

    /**
     * Codename → value, in the order they arrived (unmodifiable).
     *
     * @throws IllegalStateException when a bridge message's values cannot be read (valid JSON that Jackson
     *         refuses: a property name with an unpaired surrogate escape); the router counts it as a failed route
     */
    public Map<String, Object> values() {
        Object v = values;
        if (v == null) {
            v = readValues();
            values = v;
        }
        if (v instanceof IllegalStateException failure) {
            throw failure; // read once: every sink that asks is told, none parses again
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) v;
        return map;
    }

    /** The values of the wire message, or the failure to read them. */
    private Object readValues() {
        String text = wire.text();
        // The frame was bounded by the bridge's buffer_size already, which may exceed the default 1 Mi chars.
        JsonLimits limits = text.length() <= JsonLimits.DEFAULT.maxChars() ? JsonLimits.DEFAULT
                : new JsonLimits(text.length(), JsonLimits.DEFAULT.maxNesting(), JsonLimits.DEFAULT.maxNumberChars());
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> read = (Map<String, Object>) PyJson.loads(text, limits);
            return Collections.unmodifiableMap(read);
        } catch (PyJsonException | ClassCastException e) {
            return new IllegalStateException("cannot read the values of a bridge message: " + e.getMessage(), e);
        }
    }

    /**
     * Where a durable sink adds its write when the source waits for it before acknowledging (a push
     * socket's {@code ACK#}); null when the source does not wait.
     */
    public AckBarrier acknowledgement() {
        return ack;
    }

    /** When labbridge received it. */
    public Instant received() {
        if (received != null) {
            return received;
        }
        long seconds = (long) Math.floor(receivedSeconds);
        return Instant.ofEpochSecond(seconds, Math.round((receivedSeconds - seconds) * 1e9));
    }

    /** The node it came from. */
    public String origin() {
        return origin;
    }

    /** The bridge message it was received as, or {@code null} when it did not come from a bridge. */
    public BridgeMessage wire() {
        return wire;
    }

    /** What a bridge node sends: the received wire message when there is one, else the values. */
    public Object forBridge() {
        return wire != null ? wire : values();
    }

    /** The receive time as Unix seconds with a fraction, as PyExpLabSys stamps points. */
    public double receivedEpochSeconds() {
        return receivedSeconds;
    }

    @Override
    public String toString() {
        return "Message[from " + origin + " at " + received() + ": " + (wire != null ? wire.text() : values) + "]";
    }
}
