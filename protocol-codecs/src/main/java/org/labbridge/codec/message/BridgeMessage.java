package org.labbridge.codec.message;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.SocketAddress;
import java.nio.charset.Charset;
import java.time.Instant;

/**
 * One validated message received on a bridge connection: its wire bytes (without delimiter), where and
 * when it came from, and its value (a {@link JsonNode} for {@code json}, a {@code String} for
 * {@code string} structure), built on first use when the receiver did not need it. Immutable
 * (the value is computed at most a few times, idempotently, and then cached).
 */
public final class BridgeMessage {

    private final byte[] payload;
    private final MessageCodec codec;
    private final boolean nonFinite;
    private final SocketAddress source;
    private final Instant receivedAt;
    private volatile Object value;

    BridgeMessage(byte[] payload, MessageCodec codec, Object value, boolean nonFinite,
                  SocketAddress source, Instant receivedAt) {
        this.payload = payload;
        this.codec = codec;
        if (value != null) {
            // a volatile store is a full fence on x86: not paid per message for the null of a lazy value
            this.value = value;
        }
        this.nonFinite = nonFinite;
        this.source = source;
        this.receivedAt = receivedAt;
    }

    /** The value: a {@link JsonNode} ({@code json}) or a {@code String} ({@code string}). */
    public Object value() {
        Object v = value;
        if (v == null) {
            v = codec.parseValidated(payload);
            value = v;
        }
        return v;
    }

    /** The value as JSON. @throws IllegalStateException for {@code string} messages */
    public JsonNode json() {
        if (value() instanceof JsonNode node) {
            return node;
        }
        throw new IllegalStateException("not a JSON message (structure_type: string)");
    }

    /** Whether this is a JSON message ({@code structure_type: json}), not plain text. */
    public boolean isJson() {
        return codec.config().structureType() == StructureType.JSON;
    }

    /**
     * Whether this is a JSON object ({@code structure_type: json} and its first non-whitespace character is
     * an opening brace: the message was validated, so that is enough). Cheap: nothing is parsed.
     */
    public boolean isJsonObject() {
        if (!isJson()) {
            return false;
        }
        if (codec.utf8()) {
            for (byte b : payload) {
                if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                    return b == '{';
                }
            }
            return false;
        }
        return text().stripLeading().startsWith("{");
    }

    /** The message text as received (JSON text or plain text). */
    public String text() {
        return new String(payload, charset());
    }

    /** A copy of the wire bytes, without the delimiter. */
    public byte[] payload() {
        return payload.clone();
    }

    /** The wire length in bytes, without the delimiter. */
    public int size() {
        return payload.length;
    }

    /** Whether the JSON contains Python's NaN/Infinity (not strict JSON). */
    public boolean hasNonFinite() {
        return nonFinite;
    }

    /** The peer it came from, {@code null} when unknown. */
    public SocketAddress source() {
        return source;
    }

    public Instant receivedAt() {
        return receivedAt;
    }

    public Charset charset() {
        return codec.charset(); // resolved once per codec: a name lookup per message was ~3 % of a relay's CPU
    }

    MessageCodec codec() {
        return codec;
    }

    /** The wire bytes themselves, for the codec's relay path (never modified). */
    byte[] payloadArray() {
        return payload;
    }

    @Override
    public String toString() {
        return "BridgeMessage[" + text() + " from " + source + "]";
    }
}
