package org.labbridge.cli;

import org.labbridge.config.ConfigDocument;
import org.labbridge.config.Problem;
import org.labbridge.daemon.config.BindProbe;
import org.labbridge.daemon.config.ConfigWarnings;
import org.labbridge.daemon.config.ConnectionConfig;
import org.labbridge.daemon.config.DaemonConfig;
import org.labbridge.daemon.config.Exposure;
import org.labbridge.daemon.config.NodeConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code labbridge check -c FILE}: validates a configuration and prints its graph; starts nothing. Warns
 * about what is valid but probably not meant; {@code --bind-test} also binds every address and port.
 */
@Command(name = "check", description = {"Validate a configuration file and print the graph it describes.",
        "Problems and warnings name file:line:column and the path of the value."})
final class CheckCommand implements Callable<Integer> {

    @Option(names = {"-c", "--config"}, description = "configuration file (default: the embedded default)")
    Path config;

    @Option(names = "--bind-test", description = {"also bind every address and port for a moment, as run would "
            + "(fails when the address is not this machine's or the port is taken, e.g. by a running daemon)"})
    boolean bindTest;

    @Override
    public Integer call() {
        ConfigDocument<DaemonConfig> document = ConfigSource.readOrReport(config);
        if (document == null) {
            return ExitCodes.USAGE;
        }
        List<Problem> warnings = ConfigWarnings.of(document);
        ConfigSource.print(warnings);
        if (bindTest) {
            List<Problem> failed = BindProbe.run(document);
            if (!failed.isEmpty()) {
                ConfigSource.print(failed);
                return ExitCodes.FAILED;
            }
        }
        DaemonConfig c = document.value();
        String name = config == null ? "embedded default" : config.toString();
        System.out.println(name + ": valid" + (warnings.isEmpty() ? "" : ", with " + warnings.size()
                + (warnings.size() == 1 ? " warning" : " warnings")) + (bindTest ? ", every bind succeeded" : ""));
        System.out.println("nodes:");
        for (NodeConfig n : c.nodes()) {
            String endpoint = n instanceof NodeConfig.Bound b
                    ? " " + b.protocol() + " " + (b.bind().isEmpty() ? "0.0.0.0" : b.bind()) + ":" + b.port()
                    + allowText(b.allow()) : "";
            System.out.println("  " + n.name() + " (" + n.kind() + ")" + endpoint);
        }
        if (c.metrics().enabled()) {
            System.out.println("  " + c.metrics().name() + " (metrics) udp " + c.metrics().bind() + ":" + c.metrics().port()
                    + allowText(c.metrics().allow()));
        }
        if (c.http().enabled()) {
            System.out.println("  http (/metrics, /health, /api/nodes) tcp " + c.http().bind() + ":" + c.http().port());
        }
        System.out.println("connections:");
        for (ConnectionConfig conn : c.connections()) {
            System.out.println("  " + conn.from() + " -> " + String.join(", ", conn.to()));
        }
        for (String warning : Exposure.warnings(c)) {
            System.out.println("warning: " + warning);
        }
        return ExitCodes.OK;
    }

    private static String allowText(java.util.List<org.labbridge.access.AllowRule> allow) {
        return allow.isEmpty() ? "" : " allow " + org.labbridge.access.SourceAllowlist.of(allow);
    }
}
