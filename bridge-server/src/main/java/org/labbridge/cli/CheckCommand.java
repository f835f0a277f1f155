package org.labbridge.cli;

import org.labbridge.daemon.config.ConnectionConfig;
import org.labbridge.daemon.config.DaemonConfig;
import org.labbridge.daemon.config.NodeConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code labbridge check -c FILE}: validates a configuration and prints its graph; starts nothing. */
@Command(name = "check", description = "Validate a configuration file and print the graph it describes.")
final class CheckCommand implements Callable<Integer> {

    @Option(names = {"-c", "--config"}, description = "configuration file (default: the embedded default)")
    Path config;

    @Override
    public Integer call() {
        DaemonConfig c = ConfigSource.loadOrReport(config);
        if (c == null) {
            return ExitCodes.USAGE;
        }
        System.out.println((config == null ? "embedded default" : config) + ": valid");
        System.out.println("nodes:");
        for (NodeConfig n : c.nodes()) {
            String endpoint = n instanceof NodeConfig.Bound b
                    ? " " + b.protocol() + " " + (b.bind().isEmpty() ? "0.0.0.0" : b.bind()) + ":" + b.port() : "";
            System.out.println("  " + n.name() + " (" + n.kind() + ")" + endpoint);
        }
        if (c.metrics().enabled()) {
            System.out.println("  " + c.metrics().name() + " (metrics) udp " + c.metrics().bind() + ":" + c.metrics().port());
        }
        if (c.http().enabled()) {
            System.out.println("  http (/metrics, /health, /api/nodes) tcp " + c.http().bind() + ":" + c.http().port());
        }
        System.out.println("connections:");
        for (ConnectionConfig conn : c.connections()) {
            System.out.println("  " + conn.from() + " -> " + String.join(", ", conn.to()));
        }
        return ExitCodes.OK;
    }
}
