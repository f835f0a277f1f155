package org.labbridge.cli;

import org.labbridge.config.ConfigException;
import org.labbridge.daemon.config.DaemonConfig;
import org.labbridge.daemon.config.GraphValidator;
import org.labbridge.daemon.config.TlsFilesValidator;

import java.nio.file.Path;

/** Loads the configuration a command was given (or the embedded default) and validates the graph. */
final class ConfigSource {
    private ConfigSource() {
    }

    static DaemonConfig load(Path file) throws ConfigException {
        DaemonConfig config = file == null ? DaemonConfig.embeddedDefault() : DaemonConfig.load(file);
        GraphValidator.validate(config);
        TlsFilesValidator.validate(config); // reads the certificate files: after the cheap checks
        return config;
    }

    /** {@link #load}, or {@code null} after printing the problems on stderr. */
    static DaemonConfig loadOrReport(Path file) {
        try {
            return load(file);
        } catch (ConfigException e) {
            report(file, e);
            return null;
        }
    }

    /** Prints the problems as {@code file: problem} lines on stderr. */
    private static void report(Path file, ConfigException e) {
        String prefix = file == null ? "embedded default" : file.toString();
        for (String problem : e.problems()) {
            System.err.println(problem.startsWith(prefix) ? problem : prefix + ": " + problem);
        }
    }
}
