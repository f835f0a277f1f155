package org.labbridge.netdata;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.labbridge.codec.plugind.PluginsdWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One configured (or autodetected) job: polls its source when due, keeps its charts, publishes gaps while
 * the source is unreachable and retries it every {@code retry}. Its {@link #status()} is read by the
 * function thread; everything else runs on the collection thread.
 */
final class Job implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Job.class);

    private final JobConfig config;
    private final Source source;
    private final JobCharts charts;
    private final Clock clock;
    private volatile JobStatus status;
    private long nextAttemptMicros;
    private boolean up;

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

    /** Polls the source (unless it is down and its retry is not due) and appends this tick's lines. */
    void collect(PluginsdWriter w, long nowMicros) {
        Map<String, Object> values = null;
        if (up || nowMicros >= nextAttemptMicros) {
            values = poll(nowMicros);
        }
        charts.render(w, values, nowMicros);
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
            nextAttemptMicros = nowMicros + config.retry().toNanos() / 1000;
            status = new JobStatus(s.job(), s.kind(), s.address(), "down", source.name(), s.lastSuccess(),
                    Instant.now(clock), msg, s.codenames(), s.names());
            return null;
        }
    }

    @Override
    public void close() {
        source.close();
    }
}
