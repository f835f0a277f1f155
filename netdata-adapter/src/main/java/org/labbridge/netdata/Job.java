package org.labbridge.netdata;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.labbridge.codec.plugind.PluginsdWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One configured (or autodetected) job: polls its source when due, keeps its charts, publishes gaps while
 * the source is unreachable and retries it every {@code retry}. A poll runs on the collector's pool; at most
 * one is in flight, and one that overruns its tick keeps the job from polling again until it is done. Its
 * {@link #status()} is read by the function thread; the charts are only used by the collection thread.
 */
final class Job implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Job.class);

    private final JobConfig config;
    private final Source source;
    private final JobCharts charts;
    private final Clock clock;
    private volatile JobStatus status;
    // Written by the poll (a pool thread), read by the collection thread.
    private volatile long nextAttemptMicros;
    private volatile boolean up;
    /** The next retry's delay while the source has never answered: from 1 s doubling up to the job's retry. */
    private volatile long firstRetryMicros = Plugin.FIRST_PROBE_RETRY.toNanos() / 1000;
    private volatile boolean everUp;
    /** The poll in flight or not yet rendered; collection thread only. */
    private Future<Map<String, Object>> polling;

    Job(JobConfig config, Source source, ChartLayout layout, Set<String> chartIds, Clock clock) {
        this.config = config;
        this.source = source;
        this.clock = clock;
        this.charts = new JobCharts(config.name(), layout, chartIds);
        this.status = new JobStatus(config.name(), config.kind(), config.address().toString(), "connecting", null,
                null, null, null, 0, "");
    }

    JobConfig config() {
        return config;
    }

    JobStatus status() {
        return status;
    }

    /**
     * Starts polling the source on {@code pool}, unless it is down and its retry is not due, or a poll of an
     * earlier tick is still running (a source is never polled twice at once).
     */
    void startPoll(Executor pool, long nowMicros) {
        if (polling != null) {
            if (!polling.isDone()) {
                return; // render may still get its answer in this tick
            }
            polling = null; // it overran its own tick and ended later: that answer is stale
        }
        if (up || nowMicros >= nextAttemptMicros) {
            polling = CompletableFuture.supplyAsync(() -> poll(nowMicros), pool);
        }
    }

    /**
     * Appends this tick's lines, with the answer of the poll in flight if it comes before {@code deadlineNanos}
     * ({@link System#nanoTime()}); without one (source down, or too slow this time) every dimension gets a gap.
     */
    void render(PluginsdWriter w, long nowMicros, long deadlineNanos) {
        charts.render(w, answer(deadlineNanos), nowMicros);
    }

    private Map<String, Object> answer(long deadlineNanos) {
        if (polling == null) {
            return null;
        }
        try {
            Map<String, Object> values = polling.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
            polling = null;
            return values;
        } catch (TimeoutException e) {
            LOG.debug("job {}: no answer from {} within the tick, publishing gaps", config.name(), config.address());
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the plugin is stopping
            return null;
        } catch (ExecutionException e) {
            // poll() catches what sources throw, so this is an Error or a bug: let the collection loop report it
            polling = null;
            throw new IllegalStateException("job " + config.name() + ": poll failed", e.getCause());
        }
    }

    private Map<String, Object> poll(long nowMicros) {
        JobStatus s = status;
        try {
            Map<String, Object> values = source.poll();
            if (!up) {
                LOG.info("job {}: {} {} answers{}", config.name(), config.kind().key(), config.address(),
                        source.name() == null ? "" : " (" + source.name() + ")");
            }
            up = true;
            everUp = true;
            status = new JobStatus(s.job(), s.kind(), s.address(), "ok", source.name(), Instant.now(clock),
                    s.lastErrorAt(), s.lastError(), values.size(), JobStatus.names(values.keySet()));
            return values;
        } catch (IOException | RuntimeException e) {
            String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            msg = msg.length() > 300 ? msg.substring(0, 297) + "..." : msg;
            if (up || s.lastError() == null) {
                LOG.warn("job {}: {} {} unreachable, publishing gaps and retrying every {} ms: {}", config.name(),
                        config.kind().key(), config.address(), config.retry().toMillis(), msg);
            }
            up = false;
            long retryMicros = config.retry().toNanos() / 1000;
            if (!everUp) {
                // a source starting with Netdata is charted within seconds: quick retries at first
                long delay = Math.min(firstRetryMicros, retryMicros);
                firstRetryMicros = Math.min(firstRetryMicros * 2, retryMicros);
                retryMicros = delay;
            }
            nextAttemptMicros = nowMicros + retryMicros;
            status = new JobStatus(s.job(), s.kind(), s.address(), "down", source.name(), s.lastSuccess(),
                    Instant.now(clock), msg, s.codenames(), s.names());
            return null;
        }
    }

    @Override
    public void close() {
        source.close();
        if (polling != null) {
            polling.cancel(true);
        }
    }
}
