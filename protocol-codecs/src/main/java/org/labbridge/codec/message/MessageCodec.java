package org.labbridge.codec.message;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufOutputStream;
import org.labbridge.codec.frame.DropReason;
import org.labbridge.codec.frame.FramingConfig;
import org.labbridge.codec.python.JsonLimits;
import org.labbridge.config.ByteSequence;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Turns frames into {@link BridgeMessage}s and values into frames, for one {@link FramingConfig}.
 *
 * <p>Decoding is strict: the bytes must be valid in {@code message_encoding} (a {@code CharsetDecoder}
 * with {@code REPORT}; pure-ASCII UTF-8 frames, the common case, take a byte scan), and for
 * {@code structure_type: json} they must be exactly one JSON value within the {@link JsonLimits}.
 * Python's {@code NaN}, {@code Infinity}, {@code -Infinity} are accepted. Validation streams over the
 * tokens without building a tree unless asked to ({@code eager}); the message keeps its wire bytes so
 * that a relay forwards them without re-encoding.
 *
 * <p>Encoding writes valid JSON ({@code NaN} as the string {@code "NaN"}) unless {@code python_compatible}
 * is set. Thread-safe and cheap to share.
 */
public final class MessageCodec {

    private final FramingConfig config;
    private final Charset charset;
    private final boolean utf8;
    private final JsonFactory factory;
    private volatile JsonMapper mapper;
    private final byte[] delimiter;

    public MessageCodec(FramingConfig config) {
        this(config, JsonLimits.DEFAULT);
    }

    public MessageCodec(FramingConfig config, JsonLimits limits) {
        this.config = config;
        this.charset = config.charset();
        this.utf8 = charset.equals(StandardCharsets.UTF_8);
        ByteSequence d = config.delimiter();
        this.delimiter = d == null ? new byte[0] : d.toArray();
        this.factory = JsonFactory.builder()
                .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(limits.maxNesting())
                        .maxNumberLength(limits.maxNumberChars())
                        .maxStringLength(Math.max(limits.maxChars(), config.bufferSize().toIntClamped()))
                        .maxDocumentLength(Math.max(limits.maxChars(), config.bufferSize().bytes()))
                        .build())
                .configure(JsonWriteFeature.WRITE_NAN_AS_STRINGS, !config.pythonCompatible())
                // Non-UTF-8 charsets get ASCII JSON (\\uXXXX escapes): representable in any ASCII-compatible charset.
                .configure(JsonWriteFeature.ESCAPE_NON_ASCII, !utf8)
                .build();
    }

    public FramingConfig config() {
        return config;
    }

    /**
     * The mapper used for JSON values (lenient input), e.g. to build trees for {@link #encode}. Built on first
     * use: validating and relaying need only the streaming parser, and a receiver that never asks for a tree
     * (the Netdata plugin's bridge jobs) then never loads Jackson's databind classes.
     */
    public JsonMapper mapper() {
        JsonMapper m = mapper;
        if (m == null) {
            synchronized (this) {
                m = mapper;
                if (m == null) {
                    m = JsonMapper.builder(factory).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
                    mapper = m;
                }
            }
        }
        return m;
    }

    // ---------------------------------------------------------------- decoding

    /**
     * Validates a frame and wraps it as a message. The frame is read, not released.
     *
     * @param eager  build the value now (a JSON tree or the text); otherwise it is built on first use
     * @param source the peer, may be {@code null}
     * @throws MessageDecodeException with {@link DropReason#BAD_ENCODING} or {@link DropReason#BAD_JSON}
     */
    public BridgeMessage decode(ByteBuf frame, boolean eager, SocketAddress source, Instant receivedAt)
            throws MessageDecodeException {
        byte[] payload = new byte[frame.readableBytes()];
        frame.getBytes(frame.readerIndex(), payload);
        return decode(payload, eager, source, receivedAt);
    }

    /** As {@link #decode(ByteBuf, boolean, SocketAddress, Instant)}; the array becomes the message's (not copied). */
    public BridgeMessage decode(byte[] payload, boolean eager, SocketAddress source, Instant receivedAt)
            throws MessageDecodeException {
        String text = checkEncoding(payload);
        if (config.structureType() == StructureType.STRING) {
            String value = text != null ? text : new String(payload, charset);
            return new BridgeMessage(payload, this, value, false, source, receivedAt);
        }
        if (text == null) {
            rejectEncodingGuess(payload);
        }
        NonFiniteTracker p = null;
        try {
            p = new NonFiniteTracker(text == null ? factory.createParser(payload) : factory.createParser(text));
            Object value = null;
            if (eager) {
                if (p.nextToken() == null) {
                    throw new MessageDecodeException(DropReason.BAD_JSON, "empty message", null);
                }
                value = mapper().readTree(p);
            } else {
                skipOneValue(p);
            }
            if (p.nextToken() != null) {
                throw new MessageDecodeException(DropReason.BAD_JSON, "data after the JSON value", null);
            }
            return new BridgeMessage(payload, this, value, p.nonFinite, source, receivedAt);
        } catch (JsonProcessingException e) {
            throw new MessageDecodeException(DropReason.BAD_JSON, e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new MessageDecodeException(DropReason.BAD_JSON, e.toString(), e);
        } finally {
            if (p != null) {
                try {
                    p.close();
                } catch (IOException ignored) {
                    // in-memory input: nothing to close
                }
            }
        }
    }

    /**
     * Jackson's byte-array parser guesses the encoding from the first bytes: a 0x00 among the first four
     * selects UTF-16 or UTF-32, and a UTF-8 byte order mark is skipped. The frame is UTF-8 by configuration,
     * so {@code 00 7B 00 7D} must not pass as {@code {}} (and be relayed as it is to peers that read UTF-8).
     * In UTF-8 JSON a 0x00 byte is never valid, nor is a BOM (Python's {@code json.loads} rejects it): such
     * a frame is bad JSON. Only the first four bytes need a look; past them Jackson's UTF-8 parser rejects
     * a 0x00 itself.
     */
    private static void rejectEncodingGuess(byte[] payload) throws MessageDecodeException {
        int n = Math.min(4, payload.length);
        for (int i = 0; i < n; i++) {
            if (payload[i] == 0) {
                throw new MessageDecodeException(DropReason.BAD_JSON, "0x00 byte at offset " + i, null);
            }
        }
        if (n >= 3 && payload[0] == (byte) 0xEF && payload[1] == (byte) 0xBB && payload[2] == (byte) 0xBF) {
            throw new MessageDecodeException(DropReason.BAD_JSON, "UTF-8 byte order mark", null);
        }
    }

    /** Streams over exactly one JSON value, building nothing. */
    private static void skipOneValue(JsonParser p) throws IOException, MessageDecodeException {
        JsonToken t = p.nextToken();
        if (t == null) {
            throw new MessageDecodeException(DropReason.BAD_JSON, "empty message", null);
        }
        while (!p.getParsingContext().inRoot()) {
            if (p.nextToken() == null) {
                throw new MessageDecodeException(DropReason.BAD_JSON, "unexpected end of message", null);
            }
        }
    }

    /**
     * Returns {@code null} when the bytes are valid and may be parsed as UTF-8 bytes directly, or the
     * decoded text when the charset is not UTF-8 (or the text is needed anyway).
     */
    private String checkEncoding(byte[] payload) throws MessageDecodeException {
        if (utf8 && isAscii(payload)) {
            return null;
        }
        try {
            CharBuffer chars = charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(payload));
            return utf8 && config.structureType() == StructureType.JSON ? null : chars.toString();
        } catch (CharacterCodingException e) {
            throw new MessageDecodeException(DropReason.BAD_ENCODING,
                    "not valid " + charset.name() + ": " + e, e);
        }
    }

    private static boolean isAscii(byte[] b) {
        int acc = 0;
        for (byte x : b) {
            acc |= x;
        }
        return acc >= 0;
    }

    /** The value of an already validated payload (for {@link BridgeMessage#value()}). */
    Object parseValidated(byte[] payload) {
        try {
            if (config.structureType() == StructureType.STRING) {
                return new String(payload, charset);
            }
            return utf8 ? mapper().readTree(payload) : mapper().readTree(new String(payload, charset));
        } catch (IOException e) {
            throw new UncheckedIOException("a validated payload no longer parses", e);
        }
    }

    // ---------------------------------------------------------------- encoding

    /**
     * Encodes a value (a {@link JsonNode}, or anything Jackson can write: Map, List, String, Number,
     * Boolean, null; for {@code string} structure its {@code toString()}). No delimiter.
     *
     * @throws IllegalArgumentException when the value cannot be written in the configured form/charset
     */
    public ByteBuf encode(ByteBufAllocator alloc, Object value) {
        return encode(alloc, value, false);
    }

    /** As {@link #encode} with the delimiter appended (close-delimited: nothing appended). */
    public ByteBuf encodeFramed(ByteBufAllocator alloc, Object value) {
        return encode(alloc, value, true);
    }

    private ByteBuf encode(ByteBufAllocator alloc, Object value, boolean framed) {
        ByteBuf buf = value instanceof BridgeMessage m ? alloc.buffer(m.size() + delimiter.length) : alloc.buffer();
        try {
            write(buf, value, framed);
            return buf;
        } catch (RuntimeException e) {
            buf.release();
            throw e;
        }
    }

    /**
     * Appends one encoded message, with the delimiter when {@code framed}, to {@code out} (a relay batches
     * many messages in one buffer). On failure nothing is appended.
     *
     * @throws IllegalArgumentException when the value cannot be encoded
     */
    public void write(ByteBuf out, Object value, boolean framed) {
        int start = out.writerIndex();
        try {
            if (value instanceof BridgeMessage msg && reusesWireBytes(msg)) {
                out.writeBytes(msg.payloadArray());
            } else {
                Object v = value instanceof BridgeMessage msg ? msg.value() : value;
                if (config.structureType() == StructureType.STRING) {
                    writeText(out, String.valueOf(v));
                } else if (utf8) {
                    mapper().writeValue((java.io.OutputStream) new ByteBufOutputStream(out), v);
                } else {
                    writeText(out, mapper().writeValueAsString(v));
                }
            }
            if (framed) {
                out.writeBytes(delimiter);
            }
        } catch (IOException | RuntimeException e) {
            out.writerIndex(start);
            throw new IllegalArgumentException("cannot encode " + describe(value) + ": " + e.getMessage(), e);
        }
    }

    /**
     * Whether a received message's wire bytes are right for this codec as they are: same charset and
     * structure, and no NaN/Infinity unless Python-compatible output is allowed (a relay must not turn
     * valid JSON output into Python-only JSON).
     */
    private boolean reusesWireBytes(BridgeMessage msg) {
        MessageCodec origin = msg.codec();
        boolean sameWire = origin == this
                || (origin.charset.equals(charset) && origin.config.structureType() == config.structureType());
        return sameWire && (!msg.hasNonFinite() || config.pythonCompatible());
    }

    /**
     * Encodes JSON text given by the user, after checking it is one JSON value.
     *
     * @throws IllegalArgumentException when it is not JSON
     */
    public ByteBuf encodeJsonText(ByteBufAllocator alloc, String json, boolean framed) {
        try (JsonParser p = factory.createParser(json)) {
            skipOneValue(p);
            if (p.nextToken() != null) {
                throw new IllegalArgumentException("not JSON: data after the JSON value");
            }
        } catch (IOException | MessageDecodeException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
        ByteBuf buf = alloc.buffer(json.length() + delimiter.length);
        try {
            writeText(buf, json);
        } catch (RuntimeException e) {
            buf.release();
            throw e;
        }
        if (framed) {
            buf.writeBytes(delimiter);
        }
        return buf;
    }

    private void writeText(ByteBuf buf, String text) {
        if (utf8) {
            buf.writeCharSequence(text, StandardCharsets.UTF_8);
            return;
        }
        try {
            ByteBuffer bytes = charset.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(text));
            buf.writeBytes(bytes);
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("text not representable in " + charset.name(), e);
        }
    }

    private static String describe(Object value) {
        return value == null ? "null" : value.getClass().getSimpleName();
    }

    /** Notes whether a NaN/Infinity went by, so relays know if the wire bytes are strict JSON. */
    private static final class NonFiniteTracker extends JsonParserDelegate {
        boolean nonFinite;

        NonFiniteTracker(JsonParser d) {
            super(d);
        }

        @Override
        public JsonToken nextToken() throws IOException {
            JsonToken t = delegate.nextToken();
            // isNaN() is cheap: only Python's non-numeric literals have a double value before getDoubleValue().
            if (t == JsonToken.VALUE_NUMBER_FLOAT && !nonFinite && delegate.isNaN()) {
                nonFinite = true;
            }
            return t;
        }
    }
}
