package org.labbridge.netdata;

/**
 * A configured divisor: {@code auto} ({@link JobConfig#AUTO_SCALE}, each chart picks its decimal scale) or
 * 1..1000000000 (readings are sent as {@code round(value × divisor)}).
 *
 * @param value the divisor, or {@link JobConfig#AUTO_SCALE}
 */
public record Divisor(long value) {
    /** What {@link #fromYaml} takes, for error messages. */
    public static final String EXPECTED = "auto or a divisor from 1 to 1000000000";
    static final long MAX = 1_000_000_000L;

    /** Binds {@code auto} or a whole number in 1..{@link #MAX}. */
    public static Divisor fromYaml(Object node) {
        if ("auto".equals(node)) {
            return new Divisor(JobConfig.AUTO_SCALE);
        }
        if ((node instanceof Integer || node instanceof Long) && ((Number) node).longValue() >= 1
                && ((Number) node).longValue() <= MAX) {
            return new Divisor(((Number) node).longValue());
        }
        throw new IllegalArgumentException("expected: " + EXPECTED);
    }
}
