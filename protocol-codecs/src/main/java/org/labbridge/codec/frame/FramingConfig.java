package org.labbridge.codec.frame;

import org.labbridge.codec.message.StructureType;
import org.labbridge.config.ByteSequence;
import org.labbridge.config.ByteSize;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;

/**
 * How messages travel on a bridge connection (the wire part of the bridge configuration).
 *
 * @param delimiter        {@code message_delimiter}; {@code null} = close-delimited (one message per connection)
 * @param bufferSize       {@code buffer_size}: the largest message accepted
 * @param encoding         {@code message_encoding}: a Java charset name, or Python's {@code utf8}
 * @param structureType    {@code structure_type}
 * @param pythonCompatible write NaN/Infinity as Python's {@code json.dumps} does (not valid JSON); by
 *                         default they are written as the strings {@code "NaN"}, {@code "Infinity"}
 */
public record FramingConfig(ByteSequence delimiter, ByteSize bufferSize, String encoding,
                            StructureType structureType, boolean pythonCompatible) {

    /** 0x17, 1 MiB, utf8, json: datalogd's defaults. */
    public static final FramingConfig DEFAULT =
            new FramingConfig(ByteSequence.ETB, ByteSize.ofMiB(1), "utf8", StructureType.JSON, false);

    public FramingConfig {
        Objects.requireNonNull(bufferSize, "bufferSize");
        Objects.requireNonNull(encoding, "encoding");
        Objects.requireNonNull(structureType, "structureType");
        if (bufferSize.bytes() < 1) {
            throw new IllegalArgumentException("buffer_size must be at least 1 byte");
        }
        charsetFor(encoding); // fail fast on an unknown encoding
    }

    /** The charset of {@link #encoding()}. */
    public Charset charset() {
        return charsetFor(encoding);
    }

    /** Whether a {@code null} delimiter makes every connection carry one message. */
    public boolean closeDelimited() {
        return delimiter == null;
    }

    public FramingConfig withDelimiter(ByteSequence newDelimiter) {
        return new FramingConfig(newDelimiter, bufferSize, encoding, structureType, pythonCompatible);
    }

    public FramingConfig withBufferSize(ByteSize newSize) {
        return new FramingConfig(delimiter, newSize, encoding, structureType, pythonCompatible);
    }

    public FramingConfig withEncoding(String newEncoding) {
        return new FramingConfig(delimiter, bufferSize, newEncoding, structureType, pythonCompatible);
    }

    public FramingConfig withStructureType(StructureType newType) {
        return new FramingConfig(delimiter, bufferSize, encoding, newType, pythonCompatible);
    }

    public FramingConfig withPythonCompatible(boolean on) {
        return new FramingConfig(delimiter, bufferSize, encoding, structureType, on);
    }

    /**
     * A Java charset for a Python or Java encoding name: Python's {@code utf8}/{@code utf-8}/{@code u8}
     * and {@code latin-1}/{@code latin1} aliases, otherwise any name Java knows.
     *
     * @throws IllegalArgumentException for an unknown name
     */
    public static Charset charsetFor(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        switch (n) {
            case "utf8", "utf-8", "u8", "utf", "cp65001" -> {
                return StandardCharsets.UTF_8;
            }
            case "latin1", "latin-1", "l1" -> {
                return StandardCharsets.ISO_8859_1;
            }
            case "ascii", "us-ascii" -> {
                return StandardCharsets.US_ASCII;
            }
            default -> {
                try {
                    return Charset.forName(name.trim());
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException("message_encoding: unknown encoding '" + name + "'", e);
                }
            }
        }
    }
}
