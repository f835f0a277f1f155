package org.labbridge.cli;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIGTERM and SIGINT as events (and SIGHUP: reload). The JVM's default handling runs shutdown hooks and exits with 143/130;
 * a service manager expects 0 after a clean stop, so the daemon handles the signals itself, drains, and
 * returns from {@code main}.
 */
final class Signals {
    private static final Logger log = LoggerFactory.getLogger(Signals.class);

    private Signals() {
    }

    /**
     * Calls {@code action} on every SIGHUP (which would otherwise stop the JVM): the daemon re-reads its TLS
     * certificates then. Returns false where the platform has no SIGHUP.
     */
    @SuppressWarnings("restriction")
    static boolean onHangup(Runnable action) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("HUP"), signal -> {
                log.info("SIGHUP received: reloading TLS certificates and keys");
                action.run();
            });
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Calls {@code action} (once per signal) on SIGTERM or SIGINT. */
    @SuppressWarnings("restriction")
    static void onTermination(Runnable action) {
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> {
                    log.info("SIG{} received: stopping", signal.getName());
                    action.run();
                });
            } catch (IllegalArgumentException e) {
                // not available on this platform: fall back to a shutdown hook (exit code is then the JVM's)
                Runtime.getRuntime().addShutdownHook(new Thread(action, "labbridge-shutdown"));
            }
        }
    }
}
