package org.labbridge.netdata;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.labbridge.codec.plugind.PluginsdWriter;

/**
 * Builds the output of each collection tick for all jobs, in one block. The due jobs' sources are polled
 * concurrently, so that unreachable or slow sources (each waiting for its timeout, three requests when
 * reconnecting) cannot push the tick past {@code update_every}: the tick waits for answers at most
 * {@link #POLL_DEADLINE_SHARE} of {@code update_every}, and a job whose answer is not in by then gets gaps for
 * this tick. Only the collection thread calls {@link #tick}; {@link #statuses()} may be called from any thread.
 */
final class Collector implements AutoCloseable {
    /** Netdata sorts charts by priority; ours go after the system sections. */
    static final int PRIORITY_BASE = 90_000;
    /** The share of update_every a tick waits for the due jobs' answers. */
    static final double POLL_DEADLINE_SHARE = 0.75;
    /** Idle poll threads end after this many seconds. */
    private static final long IDLE_THREAD_SECONDS = 60;

    private final int updateEvery;
    private final PluginsdWriter writer;
    private final Function<JobConfig, Source> sources;
    private final Clock clock;
    private final long pollDeadlineNanos;
    private final ThreadPoolExecutor pool;
    private final List<Job> jobs = new CopyOnWriteArrayList<>();
    private final Set<String> chartIds = new HashSet<>();
    private long ticks;

    Collector(int updateEvery, PluginsdWriter writer, Function<JobConfig, Source> sources, Clock clock) {
        this.updateEvery = updateEvery;
        this.writer = writer;
        this.sources = sources;
        this.clock = clock;
        this.pollDeadlineNanos = (long) (TimeUnit.SECONDS.toNanos(updateEvery) * POLL_DEADLINE_SHARE);
        // A thread per poll in flight, reused, ended when idle. A job never has two polls in flight, so there are
        // at most as many threads as jobs; without a queue, no source that hangs until its timeout can make
        // another job's poll wait for a thread (a fixed pool would let a few such sources starve the rest).
        this.pool = new ThreadPoolExecutor(0, Integer.MAX_VALUE, IDLE_THREAD_SECONDS, TimeUnit.SECONDS,
                new SynchronousQueue<>(), Collector::pollThread);
    }

    private static Thread pollThread(Runnable r) {
        Thread t = new Thread(r, "labbridge-poll");
        t.setDaemon(true); // a source stuck in I/O must not keep the plugin alive after Netdata left
        return t;
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
     * Polls every job that is due at this tick (concurrently, waiting at most the poll deadline) and returns the
     * block to write (possibly empty).
     *
     * @param nowMicros monotonic microseconds, positive
     */
    String tick(long nowMicros) {
        collect(nowMicros);
        return writer.drain();
    }

    /** {@link #tick} as the UTF-8 bytes to write (what the plugin's loop writes). */
    byte[] tickUtf8(long nowMicros) {
        collect(nowMicros);
        return writer.drainUtf8();
    }

    private void collect(long nowMicros) {
        long tick = ticks++;
        List<Job> due = new ArrayList<>();
        for (Job job : jobs) {
            long every = job.config().updateEvery() / updateEvery;
            if (tick % every == 0) {
                due.add(job);
            }
        }
        due.forEach(job -> job.startPoll(pool, nowMicros));
        long deadline = System.nanoTime() + pollDeadlineNanos;
        for (Job job : due) {
            job.render(writer, nowMicros, deadline);
        }
    }

    /** Closes every source (which ends polls still running) and the pool. */
    @Override
    public void close() {
        jobs.forEach(Job::close);
        pool.shutdownNow();
    }
}
