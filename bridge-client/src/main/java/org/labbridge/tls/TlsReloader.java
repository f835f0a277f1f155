package org.labbridge.tls;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The process's one TLS file watcher: a single daemon thread that polls each watched
 * {@link ReloadableSslContext}'s files every {@code reload_interval} and reloads them when their contents
 * changed, and reloads all of them on {@link #reloadAll()} (the daemon calls it on {@code SIGHUP}). File
 * reads happen here, never on an event loop. Polling rather than a {@code WatchService}: it also sees a
 * certificate renewed through a symlink swap or on a network file system, at one small read per interval.
 */
public final class TlsReloader {

    private static final Logger log = LoggerFactory.getLogger(TlsReloader.class);
    private static final TlsReloader SHARED = new TlsReloader();

    /** The entry of a context reloaded only on {@link #reloadAll()} ({@code reload_interval: 0}). */
    private static final Future<?> SIGHUP_ONLY = CompletableFuture.completedFuture(null);

    private final ScheduledExecutorService thread;
    private final Map<ReloadableSslContext, Future<?>> watched = new ConcurrentHashMap<>();

    private TlsReloader() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "labbridge-tls-reload");
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        this.thread = executor;
    }

    /** The watcher of this process. */
    public static TlsReloader shared() {
        return SHARED;
    }

    void register(ReloadableSslContext holder) {
        long every = holder.settings().reloadInterval().toMillis();
        Future<?> poll = every <= 0 ? null : thread.scheduleWithFixedDelay(() -> safely(holder, false),
                every, every, TimeUnit.MILLISECONDS);
        Future<?> previous = watched.put(holder, poll == null ? SIGHUP_ONLY : poll);
        if (previous != null) {
            previous.cancel(false);
        }
    }

    void unregister(ReloadableSslContext holder) {
        Future<?> poll = watched.remove(holder);
        if (poll != null) {
            poll.cancel(false);
        }
    }

    /**
     * Reloads every watched context now, on the watcher's thread; returns at once.
     *
     * @return completes when every context has been tried (a failed one keeps its previous files)
     */
    public Future<?> reloadAll() {
        return thread.submit(() -> {
            if (watched.isEmpty()) {
                log.info("TLS reload requested: no TLS in use");
            }
            for (ReloadableSslContext holder : watched.keySet()) {
                safely(holder, true);
            }
        });
    }

    /** Whether this context is watched (for tests). */
    boolean isWatching(ReloadableSslContext holder) {
        return watched.containsKey(holder);
    }

    private static void safely(ReloadableSslContext holder, boolean always) {
        try {
            if (always) {
                holder.reload();
            } else {
                holder.reloadIfChanged();
            }
        } catch (RuntimeException e) {
            // a scheduled task that throws is never run again: the watch must survive anything
            log.error("{}: TLS reload failed unexpectedly", holder, e);
        }
    }
}
