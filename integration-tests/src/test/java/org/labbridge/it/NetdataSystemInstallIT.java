package org.labbridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labbridge.client.udp.PushClient;

/**
 * Issue 13's first proof, on the machine itself: the README's install command ({@code bin/install}, no options)
 * into Debian's real netdata-core, then the agent started as the package starts it ({@code /usr/sbin/netdata -D},
 * no config arguments: {@code /etc/netdata/netdata.conf}, port 19999, its own user and plugins), and the
 * labbridge charts of a real daemon's pull socket appear in its API with the pushed values (1.2345e-6, 3.3e-9,
 * 7.5e11) times the scale their units name, within 0.01 %.
 *
 * <p>It writes the system ({@code /etc/netdata/custom-plugins.d}, {@code /etc/netdata/labbridge.conf}, the stock
 * conf dir, {@code /usr/local/lib/labbridge-plugin}) and takes port 19999, so it runs only as root with
 * netdata-core installed and only when asked: {@code CI=true} (.ci/run, a throwaway machine) or
 * {@code -Dlabbridge.it.system=true}; otherwise it skips saying why. Afterwards it stops its agent, uninstalls
 * with {@code bin/install --uninstall} and removes (restores) the config it wrote.
 */
class NetdataSystemInstallIT {
    private static final Path NETDATA = Path.of("/usr/sbin/netdata");
    private static final Path CONF = Path.of("/etc/netdata/labbridge.conf");
    private static final Path CUSTOM_PLUGINS = Path.of("/etc/netdata/custom-plugins.d");
    private static final Path LAUNCHER = CUSTOM_PLUGINS.resolve("labbridge.plugin");
    private static final Path ERROR_LOG = Path.of("/var/log/netdata/error.log");
    private static final int DEFAULT_PORT = 19999;
    private static final boolean CI = "true".equalsIgnoreCase(System.getenv("CI"));

    @Test
    void theReadmesInstallIntoTheSystemsAgentWithItsDefaultConfigurationCharts(@TempDir Path dir) throws Exception {
        requireSystemRun();
        Path daemonConfig = dir.resolve("labbridge.yaml");
        int pull = FreePorts.next();
        int push = FreePorts.next();
        Files.writeString(daemonConfig, DaemonProcess.pushToPullConfig(FreePorts.next(), pull, push));
        byte[] confBefore = Files.exists(CONF) ? Files.readAllBytes(CONF) : null;
        boolean customPluginsBefore = Files.isDirectory(CUSTOM_PLUGINS);
        SystemAgent agent = null;
        List<String> cleanup = new ArrayList<>();
        try (DaemonProcess daemon = DaemonProcess.run(daemonConfig, Duration.ofSeconds(30));
             PushClient pusher = new PushClient(new InetSocketAddress("127.0.0.1", push), Duration.ofSeconds(5))) {
            try {
                assertTrue(pusher.jsonWn(NetdataAgent.magnitudes()).startsWith("ACK#"));
                // the README's command, as root (no sudo): no options at all
                Map.Entry<Integer, String> r = NetdataAgent.install(dir);
                assertEquals(0, r.getKey(), r.getValue());
                assertTrue(r.getValue().contains("installed " + LAUNCHER), r.getValue());
                Files.writeString(CONF, "# written by labbridge's NetdataSystemInstallIT; removed when it ends\n"
                        + NetdataAgent.magnitudesConf("lab", pull));
                agent = SystemAgent.start(dir);
                agent.awaitApi();
                // the agent finds plugins at its start; the plugin's JVM and first probe take a few seconds
                agent.assertMagnitudesCharted("lab", Duration.ofSeconds(90));
            } finally {
                restore(dir, agent, confBefore, customPluginsBefore, cleanup);
            }
        }
        assertTrue(cleanup.isEmpty(), "the system was not restored: " + cleanup);
        assertTrue(!Files.exists(LAUNCHER) && !Files.exists(Path.of("/usr/local/lib/labbridge-plugin"))
                && !Files.exists(Path.of("/usr/lib/netdata/conf.d/labbridge.conf")), "uninstall left files behind");
    }

    /** Stops the agent and its plugins, uninstalls with the README's command, puts labbridge.conf back. */
    private static void restore(Path dir, SystemAgent agent, byte[] confBefore, boolean customPluginsBefore,
            List<String> problems) throws InterruptedException {
        if (agent != null) {
            try {
                agent.stop();
            } catch (AssertionError e) {
                problems.add(e.getMessage());
            }
        }
        try {
            Map.Entry<Integer, String> u = NetdataAgent.install(dir, "--uninstall");
            if (u.getKey() != 0) {
                problems.add("bin/install --uninstall exited " + u.getKey() + ": " + u.getValue());
            }
        } catch (IOException | AssertionError e) {
            problems.add("bin/install --uninstall: " + e);
        }
        try {
            if (confBefore != null) {
                Files.write(CONF, confBefore);
            } else {
                Files.deleteIfExists(CONF);
            }
            if (!customPluginsBefore && Files.isDirectory(CUSTOM_PLUGINS)) {
                try (var entries = Files.list(CUSTOM_PLUGINS)) {
                    if (entries.findAny().isEmpty()) {
                        Files.delete(CUSTOM_PLUGINS);
                    }
                }
            }
            Files.deleteIfExists(Path.of("/tmp/netdata-ipc"));
        } catch (IOException e) {
            problems.add(e.toString());
        }
        for (String p : problems) {
            System.err.println("NetdataSystemInstallIT could not restore the system: " + p);
        }
    }

    /** Skips (fails under CI=true, where it must run) unless this machine may be written and 19999 is free. */
    private static void requireSystemRun() throws IOException, InterruptedException {
        if (!CI && !Boolean.getBoolean("labbridge.it.system")) {
            skip("it installs into the system's Netdata (/etc/netdata, /usr/local/lib) and runs the agent on port "
                    + DEFAULT_PORT + "; it runs under CI=true or with -Dlabbridge.it.system=true (as root, with "
                    + "netdata-core)", false);
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            skip("it must run as root (it writes /etc/netdata and runs the agent as the package does)", CI);
        }
        Process dpkg = new ProcessBuilder("dpkg", "-s", "netdata-core").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!dpkg.waitFor(30, TimeUnit.SECONDS) || dpkg.exitValue() != 0 || !Files.isExecutable(NETDATA)) {
            skip("Debian's netdata-core is not installed (apt-get install netdata-core)", CI);
        }
        if (Files.exists(LAUNCHER) || Files.exists(Path.of("/usr/local/lib/labbridge-plugin"))) {
            skip("labbridge.plugin is already installed on this machine (" + LAUNCHER
                    + "); the test would uninstall it", CI);
        }
        try (ServerSocket s = new ServerSocket(DEFAULT_PORT, 1, InetAddress.getLoopbackAddress())) {
            s.getLocalPort(); // free: the agent will take it
        } catch (IOException e) {
            skip("port " + DEFAULT_PORT + " is taken (a Netdata agent already running? stop it: "
                    + "systemctl stop netdata)", CI);
        }
    }

    private static void skip(String why, boolean mustRun) {
        String message = "NetdataSystemInstallIT: " + why + ": the system-install test DID NOT RUN";
        if (mustRun) {
            fail(message + " and CI=true requires it");
        }
        System.err.println("SKIPPED: " + message);
        Assumptions.abort(message);
    }

    /** The system's agent, started as the package starts it: {@code netdata -D} and nothing else. */
    private static final class SystemAgent implements NetdataAgent {
        private final Process process;
        private final Path out;
        private final long logOffset;

        private SystemAgent(Process process, Path out, long logOffset) {
            this.process = process;
            this.out = out;
            this.logOffset = logOffset;
        }

        static SystemAgent start(Path dir) throws IOException {
            long offset = Files.exists(ERROR_LOG) ? Files.size(ERROR_LOG) : 0;
            Path out = dir.resolve("netdata.out");
            Process p = new ProcessBuilder(NETDATA.toString(), "-D").redirectErrorStream(true)
                    .redirectOutput(out.toFile()).start();
            return new SystemAgent(p, out, offset);
        }

        @Override
        public String url() {
            return "http://127.0.0.1:" + DEFAULT_PORT;
        }

        @Override
        public String log() {
            StringBuilder b = new StringBuilder();
            try {
                if (Files.exists(ERROR_LOG)) {
                    try (RandomAccessFile f = new RandomAccessFile(ERROR_LOG.toFile(), "r")) {
                        long from = Math.min(logOffset, f.length());
                        byte[] bytes = new byte[(int) Math.min(f.length() - from, 4 << 20)];
                        f.seek(from);
                        f.readFully(bytes);
                        new String(bytes, StandardCharsets.UTF_8).lines()
                                .filter(l -> l.contains("labbridge") || l.contains("PLUGINSD"))
                                .forEach(l -> b.append(l).append('\n'));
                    }
                }
                b.append("--- netdata stdout/stderr:\n").append(Files.readString(out, StandardCharsets.UTF_8));
            } catch (IOException e) {
                b.append(e);
            }
            return b.length() > 8000 ? b.substring(b.length() - 8000) : b.toString();
        }

        /** SIGTERM to the agent we started, wait; then its own plugins (our descendants only) must be gone. */
        void stop() throws InterruptedException {
            List<ProcessHandle> children = process.descendants().toList();
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                children.forEach(ProcessHandle::destroyForcibly);
                throw new AssertionError("netdata " + process.pid() + " did not exit within 30 s of SIGTERM");
            }
            for (ProcessHandle child : children) {
                if (!ThrowawayNetdata.awaitExit(child, Duration.ofSeconds(15))) {
                    child.destroyForcibly();
                }
            }
        }
    }
}
