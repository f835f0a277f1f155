package org.labbridge.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/** Applies the configured root log level, unless the environment or a system property already chose one. */
final class LogLevels {
    private LogLevels() {
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
