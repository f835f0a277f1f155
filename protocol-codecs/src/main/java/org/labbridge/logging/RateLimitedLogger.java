package org.labbridge.logging;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A logger for events a peer can trigger: per cause, at most one line per interval (default 60 s), then
 * one summary line such as {@code bad request: … 4,211 more like this in the last 60 s}.
 *
 * <p>A <em>cause</em> is a fixed key chosen by the code (an enum constant, a string literal, a node name
 * from the configuration), never peer data: the set of causes is bounded ({@link #DEFAULT_MAX_CAUSES}),
 * and causes beyond the bound share one overflow cause rather than grow the table.
 *
 * <p>Why not Logback's {@code DuplicateMessageFilter}: it suppresses a format string for good after a
 * fixed number of repetitions (until its LRU cache evicts it), has no time window and writes no summary,
 * so an operator cannot tell a storm of one line from a single occurrence.
 *
 * <p>Thread-safe and cheap on the hot path: a suppressed event costs one map lookup, one volatile read and
 * one atomic increment, no lock and no allocation (use the fixed-arity overloads or {@link #permits} to avoid
 * the varargs array and boxing). The summary of an interval is written by the next event of its cause, or
 * by {@link #flush()} / {@link #flushAll()} when a caller schedules them (the daemon does), so that a
 * burst that stops is still summarised.
 *
 * <p>A cause that keeps firing is written less and less often: each window in which it fired again is
 * followed by one twice as long, up to {@link #MAX_BACKOFF} times the interval (64 min for the default
 * minute), so a day-long storm costs a few dozen lines, not thousands. A window in which the cause stayed
 * quiet brings it back to the interval.
 *
 * <p>Expected failures (a peer's bad input, a refused connection) log their stack trace only at DEBUG:
 * {@link #warnExpected}.
 */
public final class RateLimitedLogger {

    /** The default interval: one line per cause per minute. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(60);
    /** The default bound of distinct causes per limiter. */
    public static final int DEFAULT_MAX_CAUSES = 256;
    /** How far a cause that keeps firing stretches its window: at most this many intervals. */
    public static final int MAX_BACKOFF = 64;
    /** The cause that every cause beyond {@code maxCauses} shares. */
    public static final String OVERFLOW_CAUSE = "other causes";

    /** Every limiter, for {@link #flushAll()}; weak so that a closed socket's limiter can go. */
    private static final Set<RateLimitedLogger> ALL = Collections.synchronizedSet(
            Collections.newSetFromMap(new WeakHashMap<>()));

    /** "No window open": the next event of the cause is logged. */
    private static final long IDLE = Long.MIN_VALUE;

    private final Logger log;
    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private final int maxCauses;
    private final ConcurrentHashMap<Object, Cause> causes = new ConcurrentHashMap<>();
    private final Cause overflow;

    /** A limiter over {@code log} with the default interval and the system clock. */
    public RateLimitedLogger(Logger log) {
        this(log, DEFAULT_INTERVAL, System::nanoTime, DEFAULT_MAX_CAUSES);
    }

    /** A limiter over {@code log} with the given interval and the system clock. */
    public RateLimitedLogger(Logger log, Duration interval) {
        this(log, interval, System::nanoTime, DEFAULT_MAX_CAUSES);
    }

    /**
     * @param interval  the window per cause; positive
     * @param nanoClock monotonic nanoseconds ({@code System::nanoTime}; tests pass their own)
     * @param maxCauses distinct causes kept; further causes share {@link #OVERFLOW_CAUSE}
     */
    public RateLimitedLogger(Logger log, Duration interval, LongSupplier nanoClock, int maxCauses) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive: " + interval);
        }
        if (maxCauses < 1) {
            throw new IllegalArgumentException("maxCauses must be at least 1: " + maxCauses);
        }
        this.log = log;
        this.intervalNanos = interval.toNanos();
        this.nanoClock = nanoClock;
        this.maxCauses = maxCauses;
        this.overflow = new Cause(OVERFLOW_CAUSE);
        ALL.add(this);
    }

    /** A limiter over the logger named after {@code type}, default interval. */
    public static RateLimitedLogger of(Class<?> type) {
        return new RateLimitedLogger(LoggerFactory.getLogger(type));
    }

    /** The underlying logger, for lines that need no limit (startup, configuration). */
    public Logger logger() {
        return log;
    }

    // ---- the gate ---------------------------------------------------------------------------------------

    /**
     * Whether a line of {@code cause} at {@code level} should be written now. When it should, the summary of
     * the lines suppressed since the last one is written first. Use it to guard a line whose arguments cost
     * something to build: {@code if (limited.permits(Level.WARN, Reason.X)) log.warn(...)}.
     */
    public boolean permits(Level level, Object cause) {
        if (!log.isEnabledForLevel(level)) {
            return false;
        }
        return causeOf(cause).permit(level, nanoClock.getAsLong());
    }

    // ---- lines ------------------------------------------------------------------------------------------

    public void log(Level level, Object cause, String format, Object... args) {
        if (permits(level, cause)) {
            log.atLevel(level).log(format, args);
        }
    }

    public void warn(Object cause, String format) {
        if (permits(Level.WARN, cause)) {
            log.warn(format);
        }
    }

    public void warn(Object cause, String format, Object arg) {
        if (permits(Level.WARN, cause)) {
            log.warn(format, arg);
        }
    }

    public void warn(Object cause, String format, Object arg1, Object arg2) {
        if (permits(Level.WARN, cause)) {
            log.warn(format, arg1, arg2);
        }
    }

    public void warn(Object cause, String format, Object arg1, Object arg2, Object arg3) {
        if (permits(Level.WARN, cause)) {
            log.warn(format, arg1, arg2, arg3);
        }
    }

    public void warn(Object cause, String format, Object... args) {
        if (permits(Level.WARN, cause)) {
            log.warn(format, args);
        }
    }

    public void info(Object cause, String format, Object arg) {
        if (permits(Level.INFO, cause)) {
            log.info(format, arg);
        }
    }

    public void info(Object cause, String format, Object arg1, Object arg2) {
        if (permits(Level.INFO, cause)) {
            log.info(format, arg1, arg2);
        }
    }

    public void info(Object cause, String format, Object... args) {
        if (permits(Level.INFO, cause)) {
            log.info(format, args);
        }
    }

    /** An unexpected failure: ERROR, a trailing {@link Throwable} argument keeps its stack trace. */
    public void error(Object cause, String format, Object... args) {
        if (permits(Level.ERROR, cause)) {
            log.error(format, args);
        }
    }

    /**
     * An expected failure (bad input, a refused peer): one WARN line ending in the failure's
     * {@code toString()}, its stack trace only when DEBUG is on (as a DEBUG line right after).
     */
    public void warnExpected(Object cause, Throwable failure, String format, Object... args) {
        if (permits(Level.WARN, cause)) {
            Object[] withFailure = new Object[args.length + 1];
            System.arraycopy(args, 0, withFailure, 0, args.length);
            withFailure[args.length] = String.valueOf(failure);
            log.warn(format + ": {}", withFailure);
            if (log.isDebugEnabled()) {
                log.debug("Stack trace of the failure above", failure);
            }
        }
    }

    // ---- summaries --------------------------------------------------------------------------------------

    /** Writes the summary of every cause whose interval is over and that suppressed lines. */
    public void flush() {
        long now = nanoClock.getAsLong();
        for (Cause cause : causes.values()) {
            cause.flush(now);
        }
        overflow.flush(now);
    }

    /** {@link #flush()} on every limiter of the process; the daemon calls it periodically. */
    public static void flushAll() {
        List<RateLimitedLogger> limiters;
        synchronized (ALL) {
            limiters = new ArrayList<>(ALL);
        }
        limiters.forEach(RateLimitedLogger::flush);
    }

    /** Lines suppressed so far in the current window of {@code cause} (for tests and status). */
    public long suppressed(Object cause) {
        Cause c = causes.get(cause);
        return c == null ? 0 : c.suppressed.get();
    }

    private Cause causeOf(Object key) {
        Cause cause = causes.get(key);
        if (cause != null) {
            return cause;
        }
        // Only reached once per cause (or per event beyond the bound): the size check is approximate
        // under races, by at most the number of racing threads.
        if (causes.size() >= maxCauses) {
            return overflow;
        }
        return causes.computeIfAbsent(key, Cause::new);
    }

    /** One cause's window: when its last line was written and how many were suppressed since. */
    private final class Cause {
        private final String name;
        /** Clock reading of the last written line, or {@link #IDLE}. */
        private final AtomicLong windowStart = new AtomicLong(IDLE);
        private final AtomicLong suppressed = new AtomicLong();
        /** Level of the last written line: the summary's level. */
        private volatile Level level = Level.WARN;
        /** The current window: the interval, doubled for every window in which the cause fired again. */
        private volatile long windowNanos = intervalNanos;
        /** When {@link #flush} closed a busy window ({@link #IDLE}: it did not). */
        private volatile long flushedBusyAt = IDLE;

        Cause(Object key) {
            this.name = String.valueOf(key);
        }

        boolean permit(Level lineLevel, long now) {
            long start = windowStart.get();
            long window = windowNanos;
            if (start != IDLE && now - start < window) {
                suppressed.incrementAndGet();
                return false;
            }
            if (!windowStart.compareAndSet(start, now)) {
                // Another thread opened the new window an instant ago: this one is suppressed in it.
                suppressed.incrementAndGet();
                return false;
            }
            // Still firing: the window that ended had suppressed events (or flush closed such a window
            // less than a window ago). Then the next window is twice as long; otherwise back to the interval.
            long flushed = flushedBusyAt;
            boolean busy = start == IDLE ? flushed != IDLE && now - flushed < window
                    : suppressed.get() > 0 && now - start < 2 * window;
            flushedBusyAt = IDLE;
            windowNanos = busy ? Math.min(window * 2, intervalNanos * MAX_BACKOFF) : intervalNanos;
            summarise(start, now);
            level = lineLevel;
            return true;
        }

        void flush(long now) {
            long start = windowStart.get();
            if (start == IDLE || now - start < windowNanos || suppressed.get() == 0) {
                return;
            }
            if (windowStart.compareAndSet(start, IDLE)) {
                flushedBusyAt = now;
                summarise(start, now);
            }
        }

        private void summarise(long start, long now) {
            if (start == IDLE) {
                return; // nothing was suppressed since the last summary (a racing few roll into the next)
            }
            long count = suppressed.getAndSet(0);
            if (count == 0) {
                return;
            }
            long seconds = Math.max(1, Math.round((now - start) / 1e9));
            log.atLevel(level).log("{}: … {} more like this in the last {} s",
                    name, String.format(Locale.ROOT, "%,d", count), seconds);
        }
    }
}
