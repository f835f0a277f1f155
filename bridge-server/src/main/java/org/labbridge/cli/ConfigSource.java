package org.labbridge.cli;

import org.labbridge.config.ConfigDocument;
import org.labbridge.config.ConfigException;
import org.labbridge.config.Problem;
import org.labbridge.daemon.config.ConfigWarnings;
import org.labbridge.daemon.config.DaemonConfig;
import org.labbridge.daemon.config.GraphValidator;
import org.labbridge.daemon.config.TlsFilesValidator;

import java.nio.file.Path;
import java.util.List;

/**
 * Loads the configuration a command was given (or the embedded default), validates the graph, and reports
 * problems and warnings as {@code file:line:column: path: message} lines on stderr.
 */
final class ConfigSource {
    private ConfigSource() {
    }

    static DaemonConfig load(Path file) throws ConfigException {
        return read(file).value();
    }

    /** The bound and validated configuration, with where each value was written. */
    static ConfigDocument<DaemonConfig> read(Path file) throws ConfigException {
        ConfigDocument<DaemonConfig> document = file == null ? DaemonConfig.readEmbeddedDefault() : DaemonConfig.read(file);
        GraphValidator.validate(document);
        TlsFilesValidator.validate(document); // reads the certificate files: after the cheap checks
        return document;
    }

    /** {@link #load}, or {@code null} after printing the problems on stderr; warnings are printed too. */
    static DaemonConfig loadOrReport(Path file) {
        ConfigDocument<DaemonConfig> document = readOrReport(file);
        if (document == null) {
            return null;
        }
        print(ConfigWarnings.of(document));
        return document.value();
    }

    /** {@link #read}, or {@code null} after printing the problems on stderr. */
    static ConfigDocument<DaemonConfig> readOrReport(Path file) {
        try {
            return read(file);
        } catch (ConfigException e) {
            print(e.details());
            return null;
        }
    }

    /** Prints each problem on its own line on stderr, naming the file when the problem does not. */
    static void print(List<Problem> problems) {
        for (Problem problem : problems) {
            System.err.println(problem.source() == null ? new Problem("configuration", 0, 0, problem.path(),
                    problem.message(), problem.warning()).located() : problem.located());
        }
    }
}
