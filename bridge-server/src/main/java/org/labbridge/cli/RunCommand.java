package org.labbridge.cli;

import org.labbridge.daemon.Daemon;
import org.labbridge.daemon.config.DaemonConfig;
import org.labbridge.daemon.config.Exposure;
import org.labbridge.daemon.nodes.DefaultNodeFactory;
import org.labbridge.tls.TlsReloader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code labbridge run [-c FILE]}: the daemon, until SIGTERM or SIGINT; SIGHUP re-reads TLS certificates. */
@Command(name = "run", description = "Run labbridge with a configuration file, or the embedded default.")
final class RunCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(RunCommand.class);

    @Option(names = {"-c", "--config"}, description = "configuration file (default: the embedded default)")
    Path config;

    @Override
    public Integer call() throws InterruptedException {
        DaemonConfig c = ConfigSource.loadOrReport(config);
        if (c == null) {
            return ExitCodes.USAGE;
        }
        LogLevels.apply(c.logLevel());
        log.info("labbridge {} starting with {}", Versions.labbridge(), config == null ? "the embedded default" : config);
        CountDownLatch stop = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicInteger signals = new java.util.concurrent.atomic.AtomicInteger();
        Signals.onTermination(() -> {
            if (signals.incrementAndGet() > 1) {
                // a second signal while draining: the operator wants out now
                log.warn("second signal: exiting without waiting for the drain");
                Runtime.getRuntime().halt(ExitCodes.FAILED);
            }
            stop.countDown();
        });
        for (String warning : Exposure.warnings(c)) {
            log.warn(warning);
        }
        Signals.onHangup(TlsReloader.shared()::reloadAll);
        Daemon daemon;
        try {
            daemon = Daemon.start(c, new DefaultNodeFactory());
        } catch (Exception e) {
            return ExitCodes.FAILED; // Daemon.start logged the cause before stopping what had started
        }
        stop.await();
        daemon.stop(c.drainTime());
        return ExitCodes.OK;
    }
}
