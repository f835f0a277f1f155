package org.labbridge.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.labbridge.netdata.PluginMain;

/**
 * A Netdata 1.37.1 agent in the foreground on a random port, with a temp config whose plugins directory
 * holds only {@code labbridge.plugin}: a wrapper that execs the built dist's launcher (system property
 * {@code labbridge.plugin.dist}; else {@code PluginMain} from the test classpath) and has the plugin copy its
 * stdout to {@link #pluginOutput()}.
 * See the spec's "Running a throwaway Netdata" section.
 */
final class ThrowawayNetdata implements NetdataAgent, AutoCloseable {
    /** What identifies the plugin's JVM in its command line. */
    private static final String PLUGIN_MAIN = PluginMain.class.getName();
    /** The plugin appends everything it sends to Netdata to the file this variable names. */
    private static final String PLUGIN_OUTPUT_COPY = PluginMain.OUTPUT_COPY_ENV;
    private final Path dir;
    private final int port;
    private Process process;

    /** The netdata binary, or a skipped test (a failed one under CI=true) with a loud reason. */
    static Path requireNetdata() {
        for (Path p : List.of(Path.of("/usr/sbin/netdata"), Path.of("/usr/bin/netdata"))) {
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        String why = "Netdata is not installed (apt-get install netdata-core): the real-agent tests of "
                + "labbridge.plugin DID NOT RUN";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(why + " and CI=true requires them");
        }
        System.err.println("SKIPPED: " + why);
        Assumptions.abort(why);
        return null;
    }

    ThrowawayNetdata(Path dir, String pluginConfig) throws IOException {
        this(dir, pluginConfig, false, "labbridge-it");
    }

    /** An agent like {@link #ThrowawayNetdata(Path, String)} with its own host name (streaming tells hosts apart by it). */
    static ThrowawayNetdata named(Path dir, String hostname, String pluginConfig) throws IOException {
        return new ThrowawayNetdata(dir, pluginConfig, false, hostname);
    }

    /**
     * An agent that reads plugins where Debian's does ({@code "/usr/lib/netdata/plugins.d"
     * "<config>/custom-plugins.d"}, with the config dir {@link #configDir()} in the temp dir instead of
     * {@code /etc/netdata}), with the package's own plugins switched off by name, new plugins looked for every
     * second, and nothing installed: the test installs labbridge.plugin itself.
     */
    static ThrowawayNetdata withDefaultPluginDirs(Path dir, String pluginConfig) throws IOException {
        return new ThrowawayNetdata(dir, pluginConfig, true, "labbridge-it");
    }

    private ThrowawayNetdata(Path dir, String pluginConfig, boolean defaultPluginDirs, String hostname)
            throws IOException {
        this.dir = dir;
        this.port = freePort();
        for (String d : List.of("config", "stock", "log", "web", "cache", "lib", "home", "lock", "plugins", "registry")) {
            Files.createDirectories(dir.resolve(d));
        }
        Files.writeString(dir.resolve("netdata.conf"), """
                [global]
                    run as user = %s
                    hostname = %6$s
                [db]
                    mode = ram
                [directories]
                    config = %2$s/config
                    stock config = %2$s/stock
                    log = %2$s/log
                    web = %2$s/web
                    cache = %2$s/cache
                    lib = %2$s/lib
                    home = %2$s/home
                    lock = %2$s/lock
                    %4$s
                    registry = %2$s/registry
                [web]
                    bind to = 127.0.0.1:%3$d
                [registry]
                    enabled = no
                [health]
                    enabled = no
                [plugins]
                    proc = no
                    statsd = no
                    diskspace = no
                    cgroups = no
                    tc = no
                    idlejitter = no
                    timex = no
                    netdata monitoring = no
                    %5$s
                [plugin:labbridge]
                    update every = 1
                """.formatted(System.getProperty("user.name"), dir, port,
                // 1.37.1 derives its custom-plugins.d from the compiled-in /etc/netdata, not [directories] config: the
                // package's list with that one entry moved into the temp dir, so that no test writes to /etc
                defaultPluginDirs ? "plugins = \"/usr/lib/netdata/plugins.d\" \"" + dir + "/config/custom-plugins.d\""
                        : "plugins = " + dir + "/plugins",
                defaultPluginDirs ? "apps = no\n    perf = no\n    slabinfo = no\n    nfacct = no\n    python.d = no\n"
                        + "    charts.d = no\n    go.d = no\n    ebpf = no\n    cups = no\n    freeipmi = no\n"
                        + "    fping = no\n    ioping = no\n    check for new plugins every = 1" : "", hostname));
        Files.writeString(dir.resolve("config/labbridge.conf"), pluginConfig);
        if (defaultPluginDirs) {
            return;
        }
        Path launcher = dir.resolve("plugins/labbridge.plugin");
        Path dist = Path.of(System.getProperty("labbridge.plugin.dist", "../netdata-adapter/target/labbridge-plugin"))
                .toAbsolutePath().normalize().resolve("bin/labbridge.plugin");
        String command;
        if (Files.isExecutable(dist)) {
            command = "'" + dist + "'"; // the real artifact: the dist's launcher
        } else {
            command = "'" + ProcessHandle.current().info().command().orElse("java") + "' -Xmx32m -XX:+UseSerialGC "
                    + "-XX:TieredStopAtLevel=1 -XX:-UsePerfData -cp '" + System.getProperty("java.class.path")
                    + "' " + PLUGIN_MAIN;
        }
        // The plugin itself appends a copy of its output for the plugins.d checker: a `| tee` here would stand
        // between the JVM and Netdata, keep its stdout open after Netdata is gone and be the pid Netdata logs.
        // exec: Netdata's child is the JVM itself.
        Files.writeString(launcher, "#!/bin/sh\n" + PLUGIN_OUTPUT_COPY + "='" + pluginOutput() + "'\nexport "
                + PLUGIN_OUTPUT_COPY + "\nexec " + command + " \"$@\"\n");
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** The agent's user config dir ({@code [directories] config}). */
    Path configDir() {
        return dir.resolve("config");
    }

    /**
     * Writes the agent's {@code stream.conf} (Netdata streaming: a child's destination, a parent's API keys) and
     * puts a {@code system-info.sh} into its plugins directory: Debian's netdata-core 1.37.1 ships none, and a
     * child without system info aborts in its stream sender when it connects.
     */
    void streamConf(String text) throws IOException {
        Files.writeString(configDir().resolve("stream.conf"), text);
        Path info = dir.resolve("plugins/system-info.sh");
        try (java.io.InputStream in = ThrowawayNetdata.class.getResourceAsStream("system-info.sh")) {
            Files.copy(in, info, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        Files.setPosixFilePermissions(info, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Override
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Everything the plugin printed to Netdata. */
    Path pluginOutput() {
        return dir.resolve("plugin.out");
    }

    void start(Path netdata) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(netdata.toString(), "-c", dir.resolve("netdata.conf").toString(), "-D",
                "-P", dir.resolve("netdata.pid").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("netdata.out").toFile());
        pb.environment().put("LABBRIDGE_LOG_LEVEL", "INFO"); // Netdata passes its environment to plugins
        // an installed launcher has no wrapper to set it: the plugin inherits it from Netdata
        pb.environment().put(PLUGIN_OUTPUT_COPY, pluginOutput().toString());
        process = pb.start();
    }

    Process process() {
        return process;
    }

    /**
     * The plugin's JVM: the descendant of the netdata process whose command line runs {@code PluginMain}
     * (whatever shells Netdata or a launcher put in between).
     */
    ProcessHandle awaitPlugin(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            var jvm = process.descendants().filter(p -> p.info().commandLine().orElse("").contains(PLUGIN_MAIN))
                    .findFirst();
            if (jvm.isPresent()) {
                return jvm.get();
            }
            TimeUnit.MILLISECONDS.sleep(50); // polling with a deadline
        }
        throw new AssertionError("the plugin's JVM did not start; netdata log:\n" + log());
    }

    /** Waits until {@code plugin} has exited; false if it is still running at the deadline. */
    static boolean awaitExit(ProcessHandle plugin, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (plugin.isAlive()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(50); // polling with a deadline (the JVM is not our child)
        }
        return true;
    }

    @Override
    public String log() {
        try {
            String err = Files.exists(dir.resolve("log/error.log")) ? Files.readString(dir.resolve("log/error.log")) : "";
            String lines = String.join("\n", err.lines().filter(l -> l.contains("labbridge") || l.contains("PLUGINSD")
                    || l.contains("STREAM"))
                    .toList());
            String out = Files.exists(dir.resolve("netdata.out")) ? Files.readString(dir.resolve("netdata.out")) : "";
            lines = lines + "\n--- netdata stdout/stderr:\n" + out;
            return lines.length() > 8000 ? lines.substring(lines.length() - 8000) : lines;
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** SIGTERM, wait, then remove the IPC socket 1.37.1 leaves in /tmp. */
    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
        try {
            Files.deleteIfExists(Path.of("/tmp/netdata-ipc"));
        } catch (IOException e) {
            System.err.println("could not remove /tmp/netdata-ipc: " + e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
