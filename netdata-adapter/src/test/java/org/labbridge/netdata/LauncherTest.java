package org.labbridge.netdata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labbridge.codec.plugind.PluginsdChecker;

/**
 * Both launchers (the one {@code bin/install} writes and the dist's {@code bin/labbridge.plugin}) start the
 * JVM with the one list in {@code jvm.options}, and those options keep every JVM message off stdout.
 */
class LauncherTest {
    /** The options that send the JVM's own output to stderr. */
    private static final List<String> STDERR_OPTIONS = List.of("-Xlog:disable", "-Xlog:all=warning:stderr",
            "-XX:+DisplayVMOutputToStderr");

    @Test
    void theOptionsSendJvmMessagesToStderr() {
        assertTrue(Launcher.JVM_OPTIONS.containsAll(STDERR_OPTIONS), Launcher.JVM_OPTIONS.toString());
        assertTrue(Launcher.JVM_OPTIONS.contains("-Xmx32m"), Launcher.JVM_OPTIONS.toString());
        assertTrue(Launcher.JVM_OPTIONS.stream().noneMatch(o -> o.contains("#") || o.contains("$")),
                "comments stripped, nothing for a shell to expand: " + Launcher.JVM_OPTIONS);
    }

    @Test
    void theInstalledLauncherPassesTheSharedOptions(@TempDir Path tmp) throws Exception {
        Path java = fakeJava(tmp.resolve("jdk"));
        Path plugins = tmp.resolve("plugins.d");
        assertEquals(0, Install.run(new String[] {"--plugins-dir", plugins.toString(), "--stock-config-dir",
            tmp.resolve("conf.d").toString(), "--lib-dir", tmp.resolve("lib").toString(), "--java", java.toString()},
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), System.err));
        List<String> args = run(plugins.resolve("labbridge.plugin"), Map.of());
        assertEquals(expectedArgs(tmp.resolve("lib")), args);
    }

    @Test
    void theDistLauncherPassesTheSharedOptions(@TempDir Path tmp) throws Exception {
        Path home = tmp.resolve("labbridge-plugin");
        Files.createDirectories(home.resolve("bin"));
        Files.createDirectories(home.resolve("lib"));
        Path script = home.resolve("bin/labbridge.plugin");
        Files.copy(Path.of("src/dist/bin/labbridge.plugin"), script);
        try (InputStream in = Launcher.class.getResourceAsStream(Launcher.OPTIONS_RESOURCE)) {
            Files.copy(in, home.resolve("lib/jvm.options")); // where the assembly puts it
        }
        fakeJava(tmp.resolve("jdk"));
        List<String> args = run(script, Map.of("JAVA_HOME", tmp.resolve("jdk").toString()));
        assertEquals(expectedArgs(home.resolve("lib")), args);
    }

    @Test
    void jvmMessagesAndStrayPrintsEndOnStderrNotInTheProtocol(@TempDir Path tmp) throws Exception {
        Files.writeString(tmp.resolve("labbridge.conf"), "autodetect: false\n");
        // A logback configuration with a problem: logback then prints its status on System.out.
        Path badLogback = tmp.resolve("logback-broken.xml");
        Files.writeString(badLogback, "<configuration><appender name=\"X\" class=\"no.such.Appender\"/></configuration>");
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(Launcher.JVM_OPTIONS);
        // VM output that goes to stdout unless redirected: the flags (tty) and a unified-logging warning where
        // no large pages are configured.
        cmd.addAll(List.of("-XX:+PrintCommandLineFlags", "-XX:+UseLargePages",
                "-Dlogback.configurationFile=" + badLogback, "-cp", System.getProperty("java.class.path"),
                PluginMain.class.getName(), "1"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(tmp.resolve("err").toFile());
        pb.environment().put("NETDATA_USER_CONFIG_DIR", tmp.toString());
        pb.environment().put("NETDATA_VERSION", "v1.37.1");
        pb.environment().remove("LABBRIDGE_LOG_LEVEL");
        Process p = pb.start();
        CompletableFuture<String> stdout = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
        p.getOutputStream().close(); // stdin EOF: the plugin exits after registering its function
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the plugin did not exit on stdin EOF");
        String out = stdout.get(5, TimeUnit.SECONDS);
        String err = Files.readString(tmp.resolve("err"));
        assertEquals(0, p.exitValue(), err);
        assertTrue(out.startsWith("FUNCTION GLOBAL 'labbridge-sources' "), out + "\n--- stderr:\n" + err);
        new PluginsdChecker().feed(out).assertValid();
        assertFalse(out.contains("-XX") || out.contains("logback") || out.contains("warning"), out);
        assertTrue(err.contains("-XX:+PrintCommandLineFlags"), "the VM's flags are on stderr: " + err);
        assertTrue(err.contains("|-WARN in ch.qos.logback"), "logback's System.out status is on stderr: " + err);
    }

    /** A {@code java} that prints its arguments, one a line. */
    private static Path fakeJava(Path jdk) throws IOException {
        Path java = jdk.resolve("bin/java");
        Files.createDirectories(java.getParent());
        Files.writeString(java, "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return java;
    }

    private static List<String> expectedArgs(Path lib) {
        List<String> expected = new ArrayList<>(Launcher.JVM_OPTIONS);
        expected.addAll(List.of("-cp", lib.toAbsolutePath().normalize() + "/*", PluginMain.class.getName(), "1",
                "a b"));
        return expected;
    }

    /** Runs {@code script 1 'a b'} and returns the fake java's arguments. */
    private static List<String> run(Path script, Map<String, String> env) throws Exception {
        // through sh, as Netdata does; the dist script in src/ is not executable, the assembly makes it so
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", script.toString(), "1", "a b").redirectErrorStream(true);
        pb.environment().remove("LABBRIDGE_PLUGIN_JAVA_OPTS");
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = readAll(p.getInputStream());
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out.lines().toList();
    }

    private static String readAll(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
