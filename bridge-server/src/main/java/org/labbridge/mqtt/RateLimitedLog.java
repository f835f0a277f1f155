package org.labbridge.mqtt;

import org.slf4j.Logger;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One WARN line per interval at most, the rest at DEBUG, with the number of lines held back: a broker that
 * stays away, or a publisher that sends garbage all day, must not flood the log. (A shared rate-limited
 * logger is being built on another branch; this class should give way to it.)
 */
final class RateLimitedLog {

    private final Logger log;
    private final long intervalNanos;
    private final AtomicLong nextWarn = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong suppressed = new AtomicLong();

    RateLimitedLog(Logger log, Duration interval) {
        this.log = log;
        this.intervalNanos = interval.toNanos();
    }

    /** Logs at WARN when the last WARN is at least one interval old, else at DEBUG. */
    void warn(String format, Object... args) {
        long now = System.nanoTime();
        long next = nextWarn.get();
        if ((next == Long.MIN_VALUE || now - next >= 0) && nextWarn.compareAndSet(next, now + intervalNanos)) {
            long held = suppressed.getAndSet(0);
            if (held > 0) {
                log.warn(format + " ({} similar lines held back)", append(args, held));
            } else {
                log.warn(format, args);
            }
        } else {
            suppressed.incrementAndGet();
            log.debug(format, args);
        }
    }

    /** The next line is logged at WARN again (e.g. after a recovery). */
    void reset() {
        nextWarn.set(Long.MIN_VALUE);
        suppressed.set(0);
    }

    private static Object[] append(Object[] args, Object last) {
        Object[] out = java.util.Arrays.copyOf(args, args.length + 1);
        out[args.length] = last;
        return out;
    }
}
