package org.labbridge.netdata;

import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.labbridge.codec.plugind.Keyword;
import org.labbridge.codec.plugind.NetdataVersion;
import org.labbridge.codec.plugind.PluginsdWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running plugin: registers its function, then collects every {@code update_every} seconds aligned to
 * the wall clock (like Netdata's own collectors), writes each tick as one block, re-probes autodetection
 * ports, and stops on stdin EOF, {@code QUIT} or a stdout write error.
 *
 * <p>Threads: this one collects and writes ticks; the stdin thread answers functions. Both write through
 * the one {@link PluginOutput}, whole blocks at a time.
 */
final class Plugin {
    private static final Logger LOG = LoggerFactory.getLogger(Plugin.class);

    private final PluginConfig config;
    private final NetdataVersion version;
    private final PluginOutput out;
    private final Collector collector;
    private final Autodetector autodetector;
    private final Clock clock;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final long startNanos = System.nanoTime();

    Plugin(PluginConfig config, NetdataVersion version, PluginOutput out, Function<JobConfig, Source> sources,
           Autodetector autodetector, Clock clock) {
        this.config = config;
        this.version = version;
        this.out = out;
        this.clock = clock;
        this.collector = new Collector(config.updateEvery(), new PluginsdWriter(version), sources, clock);
        this.autodetector = config.autodetect() ? autodetector : null;
        config.jobs().forEach(collector::add);
    }

    Collector collector() {
        return collector;
    }

    /** Asks the loop to finish (from any thread). */
    void stop() {
        stop.countDown();
    }

    /** Starts reading {@code stdin} for function calls; its EOF stops the plugin. */
    void listen(InputStream stdin) {
        FunctionRequests functions = new FunctionRequests(out, version, collector::statuses, config.updateEvery(),
                clock, this::stop);
        new StdinReader(stdin, functions::onLine, () -> {
            LOG.info("stdin closed: Netdata is gone, exiting");
            stop();
        }).start();
    }

    /** Runs until stopped; returns the process exit code (1 when the loop failed unexpectedly, else 0). */
    int run() {
        if (version.supports(Keyword.FUNCTION)) {
            PluginsdWriter w = new PluginsdWriter(version);
            w.function(SourcesFunction.NAME, 10, SourcesFunction.HELP);
            if (!out.write(w.drain())) {
                return 0;
            }
        }
        long stepMillis = config.updateEvery() * 1000L;
        long nextProbe = 0;
        long probeDelay = FIRST_PROBE_RETRY.toMillis();
        try {
            while (stop.getCount() > 0) {
                long now = clock.millis();
                if (autodetector != null && now >= nextProbe) {
                    probe();
                    // a daemon or socket that starts with Netdata is found within seconds, not an interval later
                    nextProbe = now + Math.min(probeDelay, config.autodetectRetry().toMillis());
                    probeDelay = Math.min(probeDelay * 2, config.autodetectRetry().toMillis());
                }
                long next = (clock.millis() / stepMillis + 1) * stepMillis;
                if (stop.await(Math.max(1, next - clock.millis()), TimeUnit.MILLISECONDS)) {
                    break;
                }
                byte[] block = collector.tickUtf8(monotonicMicros());
                if (!out.write(block)) {
                    LOG.info("stdout is closed: Netdata is gone, exiting");
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // A bug, not an invalid configuration: no DISABLE (the spec keeps that for what can never work).
            // Exit 1 after saying why: Netdata restarts a plugin that collected before, after a back-off of ten
            // update_every (and gives up after ten failures in a row), and disables one that never did.
            LOG.error("{}: collection failed unexpectedly, exiting: {}", PluginMain.PLUGIN_NAME, e, e);
            return 1;
        } finally {
            collector.close();
        }
        return 0;
    }

    private void probe() {
        Set<Integer> taken = new HashSet<>();
        Set<String> names = new HashSet<>();
        for (Job j : collector.jobs()) {
            if ("127.0.0.1".equals(j.config().address().host()) || "localhost".equals(j.config().address().host())) {
                taken.add(j.config().address().port());
            }
            names.add(j.config().name());
        }
        for (JobConfig found : autodetector.probe(taken, names)) {
            collector.add(found);
        }
    }

    private long monotonicMicros() {
        return TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - startNanos) + 1;
    }

    /** The first re-probe of autodetection comes after this; each next one after twice as long, up to autodetect_retry. */
    static final Duration FIRST_PROBE_RETRY = Duration.ofSeconds(1);

    /** Default probe timeout of autodetection. */
    static final Duration PROBE_TIMEOUT = Duration.ofMillis(200);
}
