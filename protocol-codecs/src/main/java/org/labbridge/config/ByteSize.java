package org.labbridge.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A size in bytes, written the human way in configuration: {@code 1MiB}, {@code 64KiB}, {@code 512},
 * {@code 1.5MiB}, {@code 10MB} (SI units are powers of ten, IEC units powers of two).
 *
 * @param bytes the size in bytes, never negative
 */
public record ByteSize(long bytes) {

    private static final Pattern SYNTAX =
            Pattern.compile("\\s*(\\d+(?:\\.\\d+)?)\\s*(b|kib|mib|gib|kb|mb|gb|k|m|g)?\\s*", Pattern.CASE_INSENSITIVE);

    /** What {@link #parse(String)} accepts, for error messages. */
    public static final String EXPECTED = "a size like 1MiB, 64KiB, 10MB or a number of bytes";

    public ByteSize {
        if (bytes < 0) {
            throw new IllegalArgumentException("negative size: " + bytes);
        }
    }

    public static ByteSize ofBytes(long bytes) {
        return new ByteSize(bytes);
    }

    public static ByteSize ofKiB(long kib) {
        return new ByteSize(Math.multiplyExact(kib, 1024L));
    }

    public static ByteSize ofMiB(long mib) {
        return new ByteSize(Math.multiplyExact(mib, 1024L * 1024));
    }

    /**
     * Parses a size.
     *
     * @throws IllegalArgumentException with {@link #EXPECTED} when the text is not a size
     */
    public static ByteSize parse(String text) {
        Matcher m = SYNTAX.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("expected: " + EXPECTED);
        }
        String unit = m.group(2) == null ? "b" : m.group(2).toLowerCase(Locale.ROOT);
        long multiplier = switch (unit) {
            case "b" -> 1L;
            case "k", "kib" -> 1L << 10;
            case "m", "mib" -> 1L << 20;
            case "g", "gib" -> 1L << 30;
            case "kb" -> 1_000L;
            case "mb" -> 1_000_000L;
            case "gb" -> 1_000_000_000L;
            default -> throw new IllegalArgumentException("expected: " + EXPECTED);
        };
        double value = Double.parseDouble(m.group(1)) * multiplier;
        if (value > Long.MAX_VALUE || value != Math.floor(value)) {
            throw new IllegalArgumentException("expected: " + EXPECTED + " (a whole number of bytes)");
        }
        return new ByteSize((long) value);
    }

    /** The size as an int, for Netty APIs; sizes above 2 GiB are clamped. */
    public int toIntClamped() {
        return (int) Math.min(Integer.MAX_VALUE, bytes);
    }

    @Override
    public String toString() {
        if (bytes != 0 && bytes % (1L << 20) == 0) {
            return (bytes >> 20) + "MiB";
        }
        if (bytes != 0 && bytes % (1L << 10) == 0) {
            return (bytes >> 10) + "KiB";
        }
        return Long.toString(bytes);
    }
}
