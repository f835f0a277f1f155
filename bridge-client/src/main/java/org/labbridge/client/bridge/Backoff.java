package org.labbridge.client.bridge;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Exponential reconnect backoff with jitter: attempt {@code n} (0-based) waits
 * {@code d = min(max, initial × multiplier^n)} scaled by a random factor in {@code [1 - jitter, 1 + jitter]},
 * the upper end limited to {@code max}: a delay is uniform in {@code [d × (1 - jitter), min(max, d × (1 + jitter))]},
 * so delays at the cap still spread over {@code [max × (1 - jitter), max]}.
 *
 * <p>Spec string (like Armeria's {@code Backoff.of}): {@code exponential=200ms:30s,multiplier=2,jitter=0.2};
 * every part is optional and takes the default of {@link #DEFAULT}; durations are {@code 250ms},
 * {@code 2s}, {@code 1m}, {@code 1h} or ISO-8601 ({@code PT2S}).
 *
 * @param initial    the first delay
 * @param max        the largest delay
 * @param multiplier growth per failed attempt, at least 1
 * @param jitter     relative random spread, in [0, 1]
 */
public record Backoff(Duration initial, Duration max, double multiplier, double jitter) {

    /** 200 ms doubling up to 30 s, ±20 %. */
    public static final Backoff DEFAULT = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(30), 2.0, 0.2);

    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)");

    public Backoff {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff: need 0 < initial <= max, got " + initial + ", " + max);
        }
        if (!(multiplier >= 1.0) || !(jitter >= 0.0 && jitter <= 1.0)) {
            throw new IllegalArgumentException("backoff: need multiplier >= 1 and 0 <= jitter <= 1");
        }
    }

    /** Parses a spec string, see the class comment. */
    public static Backoff parse(String spec) {
        Duration initial = DEFAULT.initial;
        Duration max = DEFAULT.max;
        double multiplier = DEFAULT.multiplier;
        double jitter = DEFAULT.jitter;
        for (String part : spec.split(",")) {
            String[] kv = part.trim().split("=", 2);
            if (kv.length != 2) {
                throw new IllegalArgumentException("backoff: expected key=value in '" + part + "'");
            }
            String value = kv[1].trim();
            switch (kv[0].trim().toLowerCase(Locale.ROOT)) {
                case "exponential" -> {
                    String[] range = value.split(":", 2);
                    initial = parseDuration(range[0]);
                    if (range.length == 2) {
                        max = parseDuration(range[1]);
                    }
                }
                case "initial" -> initial = parseDuration(value);
                case "max" -> max = parseDuration(value);
                case "multiplier" -> multiplier = Double.parseDouble(value);
                case "jitter" -> jitter = Double.parseDouble(value);
                default -> throw new IllegalArgumentException("backoff: unknown key '" + kv[0] + "'");
            }
        }
        return new Backoff(initial, max, multiplier, jitter);
    }

    /** {@code 250ms}, {@code 1.5s}, {@code 2m}, {@code 1h}, or ISO-8601 {@code PT2S}. */
    public static Duration parseDuration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        Matcher m = DURATION.matcher(t);
        if (m.matches()) {
            double n = Double.parseDouble(m.group(1));
            double millis = switch (m.group(2)) {
                case "ms" -> n;
                case "s" -> n * 1_000;
                case "m" -> n * 60_000;
                default -> n * 3_600_000;
            };
            return Duration.ofNanos(Math.round(millis * 1_000_000));
        }
        try {
            return Duration.parse(text.trim());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("expected a duration like 250ms, 2s, 1m, got '" + text + "'", e);
        }
    }

    /** The delay before attempt {@code attempt} (0-based), with jitter from {@code random} in [0, 1). */
    public Duration delay(int attempt, double random) {
        double base = initial.toNanos() * Math.pow(multiplier, Math.min(attempt, 1000));
        double capped = Math.min(max.toNanos(), base);
        // The spread is taken within [capped × (1 - jitter), min(max, capped × (1 + jitter))], not capped
        // after jittering: at the cap that would make half the delays exactly max, and clients cut off
        // together would then retry in lockstep for ever.
        double low = capped * (1 - jitter);
        double high = Math.min(max.toNanos(), capped * (1 + jitter));
        return Duration.ofNanos((long) Math.max(0, low + (high - low) * random));
    }

    /** The delay before attempt {@code attempt}, with a random jitter. */
    public Duration delay(int attempt) {
        return delay(attempt, ThreadLocalRandom.current().nextDouble());
    }

    /** The spec string, which {@link #parse} reads back. */
    @Override
    public String toString() {
        return "exponential=" + initial.toMillis() + "ms:" + max.toMillis() + "ms,multiplier=" + multiplier
                + ",jitter=" + jitter;
    }
}
