package org.labbridge.config;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Human durations: {@code 250ms}, {@code 5s}, {@code 1.5s}, {@code 2m}, {@code 1h}, {@code 900} (seconds). */
public final class Durations {

    /** What {@link #parse(String)} accepts, for error messages. */
    public static final String EXPECTED = "a duration like 250ms, 5s, 2m, 1h or a number of seconds";

    private static final Pattern SYNTAX =
            Pattern.compile("\\s*(\\d+(?:\\.\\d+)?)\\s*(ns|us|ms|s|m|h|d)?\\s*", Pattern.CASE_INSENSITIVE);

    private Durations() {
    }

    /**
     * Parses a duration; a bare number is seconds (as PyExpLabSys timeouts are).
     *
     * @throws IllegalArgumentException naming {@link #EXPECTED}
     */
    public static Duration parse(String text) {
        Matcher m = SYNTAX.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("expected: " + EXPECTED);
        }
        double amount = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2).toLowerCase(Locale.ROOT);
        double nanosPerUnit = switch (unit) {
            case "ns" -> 1;
            case "us" -> 1e3;
            case "ms" -> 1e6;
            case "s" -> 1e9;
            case "m" -> 60e9;
            case "h" -> 3600e9;
            case "d" -> 86400e9;
            default -> throw new IllegalArgumentException("expected: " + EXPECTED);
        };
        double nanos = amount * nanosPerUnit;
        if (nanos > Long.MAX_VALUE) {
            throw new IllegalArgumentException("expected: " + EXPECTED + " (too long)");
        }
        return Duration.ofNanos(Math.round(nanos));
    }

    /** The shortest exact human form: {@code 250ms}, {@code 5s}, {@code 2m}. */
    public static String format(Duration d) {
        long nanos = d.toNanos();
        if (nanos % 3_600_000_000_000L == 0 && nanos != 0) {
            return nanos / 3_600_000_000_000L + "h";
        }
        if (nanos % 60_000_000_000L == 0 && nanos != 0) {
            return nanos / 60_000_000_000L + "m";
        }
        if (nanos % 1_000_000_000L == 0) {
            return nanos / 1_000_000_000L + "s";
        }
        if (nanos % 1_000_000L == 0) {
            return nanos / 1_000_000L + "ms";
        }
        return nanos + "ns";
    }
}
