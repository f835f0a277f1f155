package org.labbridge.netdata;

import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.labbridge.codec.plugind.PluginsdWriter;

/**
 * Builds the output of each collection tick for all jobs, in one block. Only the collection thread calls
 * {@link #tick}; {@link #statuses()} may be called from any thread.
 */
final class Collector implements AutoCloseable {
    /** Netdata sorts charts by priority; ours go after the system sections. */
    static final int PRIORITY_BASE = 90_000;

    private final int updateEvery;
    private final PluginsdWriter writer;
    private final Function<JobConfig, Source> sources;
    private final Clock clock;
    private final List<Job> jobs = new CopyOnWriteArrayList<>();
    private final Set<String> chartIds = new HashSet<>();
    private long ticks;

    Collector(int updateEvery, PluginsdWriter writer, Function<JobConfig, Source> sources, Clock clock) {
        this.updateEvery = updateEvery;
        this.writer = writer;
        this.sources = sources;
        this.clock = clock;
    }

    /** Adds a job; its charts appear with its first collection. */
    void add(JobConfig config) {
        int priority = PRIORITY_BASE + jobs.size() * 1000;
        ChartLayout layout = !config.automatic() ? new ExplicitLayout(config, priority)
                : config.kind() == SourceKind.METRICS ? new MetricsLayout(config, priority)
                : new AutoLayout(config, priority);
        jobs.add(new Job(config, sources.apply(config), layout, chartIds, clock));
    }

    List<Job> jobs() {
        return jobs;
    }

    /** Snapshots of every job's state (thread-safe). */
    List<JobStatus> statuses() {
        return jobs.stream().map(Job::status).toList();
    }

    /**
     * Collects every job that is due at this tick and returns the block to write (possibly empty).
     *
     * @param nowMicros monotonic microseconds, positive
     */
    String tick(long nowMicros) {
        long tick = ticks++;
        for (Job job : jobs) {
            long every = job.config().updateEvery() / updateEvery;
            if (tick % every == 0) {
                job.collect(writer, nowMicros);
            }
        }
        return writer.drain();
    }

    @Override
    public void close() {
        jobs.forEach(Job::close);
    }
}
