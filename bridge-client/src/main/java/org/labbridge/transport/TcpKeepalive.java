package org.labbridge.transport;

import java.time.Duration;
import java.util.Objects;

/**
 * TCP keepalive timing of a bridge connection. {@code SO_KEEPALIVE} alone uses the kernel's defaults
 * (first probe after about 2 hours on Linux), far too late to notice a dead peer on a lab network; these
 * set the socket's own values, so a silent dead peer is noticed after about
 * {@code idle + interval × count}. Whole seconds (the kernel's unit), at least 1.
 *
 * @param idle     how long a connection is idle before the first probe
 * @param interval time between unanswered probes
 * @param count    unanswered probes before the connection is closed
 */
public record TcpKeepalive(Duration idle, Duration interval, int count) {

    /** First probe after 60 s idle, then every 10 s, given up after 6: a dead peer is noticed in ~2 min. */
    public static final TcpKeepalive DEFAULT = new TcpKeepalive(Duration.ofSeconds(60), Duration.ofSeconds(10), 6);

    public TcpKeepalive {
        Objects.requireNonNull(idle, "idle");
        Objects.requireNonNull(interval, "interval");
        if (idle.toSeconds() < 1 || interval.toSeconds() < 1 || count < 1) {
            throw new IllegalArgumentException("keepalive: need idle >= 1s, interval >= 1s, count >= 1, got "
                    + idle + ", " + interval + ", " + count);
        }
    }

    /** {@link #idle} in whole seconds. */
    public int idleSeconds() {
        return (int) Math.min(Integer.MAX_VALUE, idle.toSeconds());
    }

    /** {@link #interval} in whole seconds. */
    public int intervalSeconds() {
        return (int) Math.min(Integer.MAX_VALUE, interval.toSeconds());
    }
}
