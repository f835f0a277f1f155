package org.labbridge.netdata;

import org.labbridge.config.ConfigException;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.function.Function;
import org.labbridge.codec.plugind.NetdataVersion;
import org.labbridge.codec.plugind.PluginsdWriter;

/**
 * {@code labbridge.plugin <update_every>}: Netdata starts it from its plugins directory. Reads
 * {@code $NETDATA_USER_CONFIG_DIR/labbridge.conf} (else the stock config dir; none = autodetect); on an
 * invalid file it says why on stderr, prints {@code DISABLE} and exits 1 (Netdata will not restart it).
 */
public final class PluginMain {
    /** The plugin's file name, as Netdata shows it. */
    public static final String PLUGIN_NAME = "labbridge.plugin";
    /** Environment variable: a file that gets a copy of everything sent to Netdata (for debugging and tests). */
    public static final String OUTPUT_COPY_ENV = "LABBRIDGE_PLUGIN_OUTPUT_COPY";

    private PluginMain() {
    }

    public static void main(String[] args) {
        String copy = System.getenv(OUTPUT_COPY_ENV);
        PluginOutput stdout = PluginOutput.stdout(copy == null || copy.isEmpty() ? null
                : PluginOutput.copyFile(copy, System.err));
        // From here on only PluginOutput writes to fd 1: whatever a library prints on System.out (logback's
        // status messages, a stray println) goes to stderr, Netdata's error.log, not into the protocol.
        System.setOut(System.err);
        int code = run(args, System.getenv(), System.in, stdout, System.err);
        System.exit(code); // the stdin thread may still be blocked in read()
    }

    /** The whole plugin, with its process environment passed in (for tests). Returns the exit code. */
    static int run(String[] args, Map<String, String> env, InputStream stdin, PrintStream stdout, PrintStream stderr) {
        return run(args, env, stdin, new PluginOutput(stdout), stderr);
    }

    private static int run(String[] args, Map<String, String> env, InputStream stdin, PluginOutput out,
                           PrintStream stderr) {
        NetdataVersion version = NetdataVersion.parseOrBaseline(env.get("NETDATA_VERSION"));
        int updateEvery = updateEvery(args, env);
        PluginConfig config;
        try {
            if (updateEvery < 1) {
                throw new ConfigException("update_every must be a whole number of seconds >= 1, got '"
                        + (args.length > 0 ? args[0] : env.get("NETDATA_UPDATE_EVERY")) + "'");
            }
            Path file = ConfigLoader.find(dir(env, "NETDATA_USER_CONFIG_DIR"), dir(env, "NETDATA_STOCK_CONFIG_DIR"));
            config = ConfigLoader.load(file, updateEvery);
        } catch (ConfigException e) {
            // one line per problem: Netdata's error.log shows each stderr line on its own, prefixed with the time
            for (String problem : e.located()) {
                stderr.println(PLUGIN_NAME + ": invalid configuration, disabling: " + problem);
            }
            stderr.flush();
            out.write(new PluginsdWriter(version).disable().drain());
            return 1;
        }
        // Closed after plugin.run(), which closes every source first.
        try (PluginTransport transport = new PluginTransport()) {
            Function<JobConfig, Source> sources = job -> source(job, transport);
            Plugin plugin = new Plugin(config, version, out, sources,
                    new Autodetector("127.0.0.1", Autodetector.DEFAULT_PORTS, Plugin.PROBE_TIMEOUT, config.updateEvery()),
                    Clock.systemUTC());
            plugin.listen(stdin);
            return plugin.run();
        }
    }

    /** A job's source; only bridge jobs start the (shared, lazily created) event loop. */
    static Source source(JobConfig job, PluginTransport transport) {
        return switch (job.kind()) {
            case PULL -> new PullSource(job.address(), job.timeout());
            case METRICS -> new MetricsSource(job.metricsUrl(), job.timeout(), new PullSource(job.address(), job.timeout()));
            case BRIDGE -> new BridgeSource(job.address(), job.timeout(), transport.get());
        };
    }

    private static int updateEvery(String[] args, Map<String, String> env) {
        String text = args.length > 0 ? args[0] : env.getOrDefault("NETDATA_UPDATE_EVERY", "1");
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static Path dir(Map<String, String> env, String name) {
        String v = env.get(name);
        return v == null || v.isBlank() ? null : Path.of(v);
    }
}
