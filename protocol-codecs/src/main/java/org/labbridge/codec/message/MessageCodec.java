package org.labbridge.codec.message;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import org.labbridge.codec.frame.DropReason;
import org.labbridge.codec.frame.FramingConfig;
import org.labbridge.codec.python.InvalidJsonException;
import org.labbridge.codec.python.JsonLimits;
import org.labbridge.codec.python.JsonValidator;
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
import java.util.Arrays;

/**
 * Turns frames into {@link BridgeMessage}s and values into frames, for one {@link FramingConfig}.
 *
 * <p>Decoding is strict: for {@code structure_type: json} a frame must be exactly one JSON document in
 * strict UTF-8 within the {@link JsonLimits}, as a Python peer's {@code json.loads} reads it
 * ({@link JsonValidator}: one pass, no parser, no tree; Python's {@code NaN}, {@code Infinity},
 * {@code -Infinity} are accepted and noted); with another {@code message_encoding} the text is decoded
 * strictly and checked the same way. For {@code string}, the bytes must be valid in the encoding.
 * The JSON tree is built by Jackson only when asked for ({@code eager}, or {@link BridgeMessage#value()}),
 * and the message keeps its wire bytes so that a relay forwards them without re-encoding.
 *
 * <p>Encoding writes valid JSON ({@code NaN} as the string {@code "NaN"}) unless {@code python_compatible}
 * is set. Thread-safe and cheap to share.
 */
public final class MessageCodec {

    private final FramingConfig config;
    private final Charset charset;
    private final boolean utf8;
    private final JsonFactory factory;
    private final JsonValidator validator;
    private volatile JsonMapper mapper;
    private final byte[] delimiter;
    /** JSON written by a generator kept per thread ({@link #write}, UTF-8). */
    private final Utf8JsonOutput utf8Output = new Utf8JsonOutput(this::mapper);
    /**
     * The last codec found to write the same wire form (charset, structure, delimiter) as this one: a relay
     * compares each message's origin with it instead of comparing charsets (by name) per message. A plain
     * field: codecs are immutable, so any thread may see a stale one (then compares again) but never a
     * half-built one.
     */
    private MessageCodec sameWire;

    public MessageCodec(FramingConfig config) {
        this(config, JsonLimits.DEFAULT);
    }

    public MessageCodec(FramingConfig config, JsonLimits limits) {
        this.config = config;
        this.charset = config.charset();
        this.utf8 = charset.equals(StandardCharsets.UTF_8);
        ByteSequence d = config.delimiter();
        this.delimiter = d == null ? new byte[0] : d.toArray();
        this.validator = new JsonValidator(limits);
        this.factory = JsonFactory.builder()
                .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                .streamReadConstraints(StreamReadConstraints.builder()
                        // The validator enforces the limits (as Python counts them); Jackson only reads what
                        // it has accepted, so its own bounds must not be tighter.
                        .maxNestingDepth(limits.maxNesting() == Integer.MAX_VALUE ? Integer.MAX_VALUE
                                : limits.maxNesting() + 1)
                        .maxNumberLength(Integer.MAX_VALUE)
                        .maxNameLength(Math.max(limits.maxChars(), config.bufferSize().toIntClamped()))
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

    /** The charset of the configuration, resolved once. */
    Charset charset() {
        return charset;
    }

    /** Whether the charset is UTF-8. */
    boolean utf8() {
        return utf8;
    }

    /**
     * The mapper used for JSON values (lenient input), e.g. to build trees for {@link #encode}. Built on first
     * use: validating and relaying need no Jackson at all ({@link JsonValidator}), and a receiver that never
     * asks for a tree (the Netdata plugin's bridge jobs) then never loads Jackson's databind classes.
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
        return decode(payload, eager, source, receivedAt, null);
    }

    /** A checker of this codec's JSON limits for one thread at a time (a connection's decoder). */
    JsonValidator.Checker newChecker() {
        return validator.checker();
    }

    /** As {@link #decode(byte[], boolean, SocketAddress, Instant)}, validating with {@code checker} if not null. */
    BridgeMessage decode(byte[] payload, boolean eager, SocketAddress source, Instant receivedAt,
                         JsonValidator.Checker checker) throws MessageDecodeException {
        if (config.structureType() == StructureType.STRING) {
            String value = utf8 && isAscii(payload) ? new String(payload, StandardCharsets.ISO_8859_1)
                    : decodeText(payload);
            return new BridgeMessage(payload, this, value, false, source, receivedAt);
        }
        // JSON is checked as UTF-8: other charsets are transcoded first (rare; costs a copy).
        String text = utf8 ? null : decodeText(payload);
        boolean nonFinite;
        try {
            byte[] json = text == null ? payload : text.getBytes(StandardCharsets.UTF_8);
            nonFinite = checker != null ? checker.validate(json, 0, json.length) : validator.validate(json);
        } catch (InvalidJsonException e) {
            throw new MessageDecodeException(e.badEncoding() ? DropReason.BAD_ENCODING : DropReason.BAD_JSON,
                    e.getMessage(), null);
        }
        return jsonMessage(payload, text, nonFinite, eager, source, receivedAt);
    }

    /**
     * Whether a frame decoder may split and validate in one pass ({@link JsonValidator.Checker#acceptFrom}):
     * UTF-8 JSON whose delimiter starts with a control character that no valid JSON text holds (not tab,
     * LF or CR, which are whitespace), so that a document accepted up to the delimiter is the frame.
     */
    boolean splitsAcceptedFrames() {
        if (config.structureType() == StructureType.STRING || !utf8 || delimiter.length == 0) {
            return false;
        }
        int first = delimiter[0];
        return first >= 0 && first < 0x20 && first != '\t' && first != '\n' && first != '\r';
    }

    /** A message of a UTF-8 JSON payload that {@link JsonValidator.Checker#acceptFrom} has accepted whole. */
    BridgeMessage acceptedJson(byte[] payload, boolean nonFinite, boolean eager, SocketAddress source,
                               Instant receivedAt) throws MessageDecodeException {
        return jsonMessage(payload, null, nonFinite, eager, source, receivedAt);
    }

    private BridgeMessage jsonMessage(byte[] payload, String text, boolean nonFinite, boolean eager,
                                      SocketAddress source, Instant receivedAt) throws MessageDecodeException {
        Object value = null;
        if (eager) {
            try {
                value = text == null ? mapper().readTree(payload) : mapper().readTree(text);
            } catch (IOException e) {
                // Validated above, so this is a disagreement between the validator and Jackson: report, not crash.
                throw new MessageDecodeException(DropReason.BAD_JSON, e.getMessage(), e);
            }
        }
        return new BridgeMessage(payload, this, value, nonFinite, source, receivedAt);
    }

    /** The text in the configured charset, strictly (malformed or unmappable input is an error). */
    private String decodeText(byte[] payload) throws MessageDecodeException {
        try {
            return charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(payload))
                    .toString();
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
                    utf8Output.write(out, v);
                } else {
                    java.io.StringWriter text = new java.io.StringWriter();
                    try (JsonGenerator g = mapper().createGenerator(text)) {
                        JsonValueWriter.write(g, v);
                    }
                    writeText(out, text.toString());
                }
            }
            if (framed) {
                if (delimiter.length == 1) {
                    out.writeByte(delimiter[0]); // the usual 0x17: no array copy per message
                } else {
                    out.writeBytes(delimiter);
                }
            }
        } catch (IOException | RuntimeException e) {
            out.writerIndex(start);
            throw new IllegalArgumentException("cannot encode " + describe(value) + ": " + e.getMessage(), e);
        }
    }

    /**
     * Whether a received message's wire bytes are right for this codec as they are: same charset and
     * structure, no NaN/Infinity unless Python-compatible output is allowed (a relay must not turn valid
     * JSON output into Python-only JSON), and no occurrence of this codec's delimiter (JSON may hold a
     * newline as whitespace: pretty-printed JSON received with 0x17 must not be split when sent on with a
     * newline delimiter, so it is encoded again, compactly).
     */
    private boolean reusesWireBytes(BridgeMessage msg) {
        MessageCodec origin = msg.codec();
        if (origin != this && origin != sameWire) {
            if (!origin.charset.equals(charset) || origin.config.structureType() != config.structureType()) {
                return false;
            }
            if (Arrays.equals(origin.delimiter, delimiter)) {
                sameWire = origin;
            } else if (indexOf(msg.payloadArray(), delimiter) >= 0) {
                return false;
            }
        }
        return !msg.hasNonFinite() || config.pythonCompatible();
    }

    /** First index of {@code part} in {@code data}, or -1 (also for an empty part: close-delimited). */
    private static int indexOf(byte[] data, byte[] part) {
        if (part.length == 0) {
            return -1;
        }
        outer:
        for (int i = 0; i <= data.length - part.length; i++) {
            for (int k = 0; k < part.length; k++) {
                if (data[i + k] != part[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /**
     * Encodes JSON text given by the user, after checking it is one JSON value.
     *
     * @throws IllegalArgumentException when it is not JSON
     */
    public ByteBuf encodeJsonText(ByteBufAllocator alloc, String json, boolean framed) {
        try {
            validator.validate(json.getBytes(StandardCharsets.UTF_8));
        } catch (InvalidJsonException e) {
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
}
