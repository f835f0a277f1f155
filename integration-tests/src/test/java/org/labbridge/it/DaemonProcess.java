package org.labbridge.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The labbridge daemon as a real process, started from the built distribution ({@code bin/labbridge}),
 * with its stderr captured so a test can wait for a log line and show the log when it fails.
 */
public final class DaemonProcess implements AutoCloseable {

    private final Process process;
    private final List<String> log = Collections.synchronizedList(new ArrayList<>());
    private final Thread reader;

    private DaemonProcess(Process process) {
        this.process = process;
        this.reader = new Thread(this::readLog, "daemon-log");
        this.reader.setDaemon(true);
        this.reader.start();
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

    /** Runs {@code bin/labbridge ARGS...}, stdout and stderr merged into {@link #log()}. */
    public static DaemonProcess start(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(distribution().resolve("bin/labbridge").toString());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("JAVA_OPTS", "-Xmx96m");
        return new DaemonProcess(pb.start());
    }

    /** Starts {@code labbridge run -c FILE} and waits until it logs that it serves. */
    public static DaemonProcess run(Path config, Duration timeout) throws IOException, InterruptedException {
        DaemonProcess daemon = start("run", "-c", config.toString());
        daemon.awaitLog(line -> line.contains("labbridge serving"), timeout);
        return daemon;
    }

    private void readLog() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                log.add(line);
                synchronized (this) {
                    notifyAll();
                }
            }
        } catch (IOException e) {
            log.add("[log reader stopped: " + e + "]");
        }
        synchronized (this) {
            notifyAll();
        }
    }

    /** Waits for a log line; fails with the whole log when it does not come, or the process exits first. */
    public synchronized String awaitLog(Predicate<String> wanted, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int seen = 0;
        while (true) {
            List<String> snapshot = log();
            for (int i = seen; i < snapshot.size(); i++) {
                if (wanted.test(snapshot.get(i))) {
                    return snapshot.get(i);
                }
            }
            seen = snapshot.size();
            long left = deadline - System.nanoTime();
            if (left <= 0 || (!process.isAlive() && !reader.isAlive())) {
                throw new AssertionError("expected log line did not appear within " + timeout.toMillis()
                        + " ms (alive=" + process.isAlive() + "); log:\n" + String.join("\n", snapshot));
            }
            wait(Math.max(1, Math.min(100, TimeUnit.NANOSECONDS.toMillis(left))));
        }
    }

    public List<String> log() {
        synchronized (log) {
            return new ArrayList<>(log);
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
        reader.join(2000);
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
