package org.labbridge.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The labbridge daemon as a real process, started from the built distribution ({@code bin/labbridge}),
 * with its stderr captured so a test can wait for a log line and show the log when it fails.
 */
public final class DaemonProcess implements AutoCloseable {

    private final Process process;
    private final Path logFile;

    private DaemonProcess(Process process, Path logFile) {
        this.process = process;
        this.logFile = logFile;
    }

    /** The distribution directory (system property {@code labbridge.dist}, set by the POM). */
    public static Path distribution() {
        String dist = System.getProperty("labbridge.dist", "../bridge-server/target/labbridge");
        Path path = Path.of(dist).toAbsolutePath().normalize();
        if (!Files.isExecutable(path.resolve("bin/labbridge"))) {
            throw new IllegalStateException("no built distribution at " + path + " (run mvn package first)");
        }
        return path;
    }

    /**
     * Runs {@code bin/labbridge ARGS...}; stdout and stderr go to a log file (read by {@link #log()}).
     * A file rather than a pipe: a pipe read concurrently with the process's exit can lose its last lines.
     */
    public static DaemonProcess start(String... args) throws IOException {
        return startWithJavaOpts("-Xmx96m", args);
    }

    /**
     * {@link #start} with {@code JAVA_OPTS} set to {@code javaOpts}; an empty string runs the JVM with the
     * launcher's options exactly as shipped (heap, GC, stack size).
     */
    public static DaemonProcess startWithJavaOpts(String javaOpts, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(distribution().resolve("bin/labbridge").toString());
        command.addAll(List.of(args));
        Path logFile = Files.createTempFile("labbridge-daemon", ".log");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(logFile.toFile());
        pb.environment().put("JAVA_OPTS", javaOpts);
        return new DaemonProcess(pb.start(), logFile);
    }

    /** Starts {@code labbridge run -c FILE} and waits until it logs that it serves. */
    public static DaemonProcess run(Path config, Duration timeout) throws IOException, InterruptedException {
        return awaitServing(start("run", "-c", config.toString()), timeout);
    }

    /** {@link #run} with the launcher's JVM options as shipped (no {@code JAVA_OPTS}). */
    public static DaemonProcess runAsShipped(Path config, Duration timeout) throws IOException, InterruptedException {
        return awaitServing(startWithJavaOpts("", "run", "-c", config.toString()), timeout);
    }

    private static DaemonProcess awaitServing(DaemonProcess daemon, Duration timeout) throws InterruptedException {
        daemon.awaitLog(line -> line.contains("labbridge serving"), timeout);
        return daemon;
    }

    /**
     * The embedded default graph (README "Running labbridge": push to a date-pull socket and a bridge server,
     * the bridge to the pull socket) on the given ports, with the metrics socket and HTTP endpoint off.
     */
    public static String embeddedDefaultConfig(int pull, int push, int bridge) {
        return """
                metrics: {enabled: false}
                http: {enabled: false}
                nodes:
                  - {kind: date-pull, name: readings, port: %d, codenames: auto}
                  - {kind: push, name: input, port: %d}
                  - {kind: bridge-server, name: bridge, port: %d}
                connections:
                  - {from: input, to: [readings, bridge]}
                  - {from: bridge, to: readings}
                """.formatted(pull, push, bridge);
    }

    /**
     * A daemon config whose push socket ({@code push}) feeds a date-pull socket ({@code pull}, {@code codenames:
     * auto}), with its metrics socket on {@code metrics} and its HTTP endpoint on a free port.
     */
    public static String pushToPullConfig(int metrics, int pull, int push) {
        return """
                drain_time: 1s
                metrics: {port: %d}
                http: {port: 0}
                nodes:
                  - {kind: date-pull, name: readings, port: %d, codenames: auto}
                  - {kind: push, name: input, port: %d}
                connections:
                  - {from: input, to: [readings]}
                """.formatted(metrics, pull, push);
    }

    /** Waits for a log line; fails with the whole log when it does not come, or the process exits first. */
    public String awaitLog(Predicate<String> wanted, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            boolean exited = !process.isAlive();
            List<String> lines = log();
            for (String line : lines) {
                if (wanted.test(line)) {
                    return line;
                }
            }
            if (exited || System.nanoTime() > deadline) {
                throw new AssertionError("expected log line did not appear within " + timeout.toMillis()
                        + " ms (alive=" + !exited + "); log:\n" + String.join("\n", lines));
            }
            Thread.sleep(20); // poll interval of a poll-with-deadline
        }
    }

    /** Everything the process printed so far. */
    public List<String> log() {
        try {
            return Files.readAllLines(logFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public long pid() {
        return process.pid();
    }

    public Process process() {
        return process;
    }

    /** Sends SIGTERM and returns the exit code, or throws when it does not exit within {@code timeout}. */
    public int terminate(Duration timeout) throws InterruptedException {
        process.destroy(); // SIGTERM on Linux
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("daemon did not exit within " + timeout.toMillis() + " ms of SIGTERM; log:\n"
                    + String.join("\n", log()));
        }
        return process.exitValue();
    }

    /** Sends SIGKILL (a crash: no shutdown hook runs, nothing is flushed) and waits for the process to go. */
    public void kill() throws InterruptedException {
        process.destroyForcibly(); // SIGKILL on Linux
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            throw new AssertionError("daemon " + process.pid() + " still alive 10 s after SIGKILL");
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
        try {
            Files.deleteIfExists(logFile);
        } catch (IOException e) {
            // a temp file left behind is harmless
        }
    }
}
