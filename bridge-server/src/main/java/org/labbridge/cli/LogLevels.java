package org.labbridge.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/** Applies the configured root log level, unless the environment or a system property already chose one. */
final class LogLevels {
    private LogLevels() {
    }

    /**
     * The client commands ({@code pull}, {@code push}, {@code send}, {@code listen}, {@code top}...) print
     * their results; their INFO lines (transport chosen, connected after n attempts) are noise on a
     * script's stderr. Only {@code run} logs at INFO by default; everything else at WARN, unless the
     * operator chose a level.
     */
    static void quietUnlessDaemon(String[] args) {
        boolean daemon = args.length > 0 && args[0].equals("run");
        if (!daemon) {
            apply("WARN");
        }
    }

    static void apply(String configured) {
        if (System.getenv("LABBRIDGE_LOG_LEVEL") != null || System.getProperty("labbridge.log.level") != null) {
            return; // the operator's explicit choice wins over the file
        }
        if (LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof Logger root) {
            root.setLevel(Level.toLevel(configured, Level.INFO));
        }
    }
}
