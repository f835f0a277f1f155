package org.labbridge.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's real Mosquitto broker for one test: its own config file, persistence directory and log under the
 * test's directory, one listener on 127.0.0.1 on a free port; stopped (SIGTERM) and started again on the same
 * port at will. Also runs the {@code mosquitto_pub}/{@code mosquitto_sub} clients against it.
 */
final class ThrowawayMosquitto implements AutoCloseable {

    static final Path BROKER = Path.of("/usr/sbin/mosquitto");

    private final Path dir;
    private final int port;
    private final Path config;
    private final Path log;
    private final List<String> clientAuth;
    private Process process;

    /**
     * @param listenerExtra lines after the {@code listener} line (TLS files, {@code password_file}...);
     *                      without {@code password_file} anonymous clients are allowed
     * @param clientAuth    what {@link #sub}/{@link #pub} pass to reach this broker (besides {@code -p})
     */
    ThrowawayMosquitto(Path dir, String listenerExtra, List<String> clientAuth) throws IOException {
        this.dir = Files.createDirectories(dir.resolve("mosquitto"));
        this.port = FreePorts.next();
        this.config = this.dir.resolve("mosquitto.conf");
        this.log = this.dir.resolve("mosquitto.log");
        this.clientAuth = List.copyOf(clientAuth);
        // persistence: a broker stopped with SIGTERM saves its persistent sessions (and their queued messages)
        // and restores them on start; `user`: as root Mosquitto would switch to the user `mosquitto`, which
        // cannot write into the test's directory; `max_queued_messages`: Mosquitto's default of 1000 per client
        // silently drops QoS 1 messages beyond it, and after a restore it queues everything its persistent
        // subscriber had not acknowledged (over 1,000 redeliveries were seen) before the node's backlog: the
        // restart test once "lost" 175 messages that way, on the broker's side (a plain number, not 0: 0 means
        // "no limit" in the docs but refuses everything in some 2.0.x releases)
        Files.writeString(config, """
                per_listener_settings false
                persistence true
                persistence_location %s/
                autosave_interval 0
                user %s
                log_dest file %s
                log_type all
                max_inflight_messages 20
                max_queued_messages 1000000
                %s
                listener %d 127.0.0.1
                %s
                """.formatted(this.dir, System.getProperty("user.name"), log,
                listenerExtra.contains("password_file") ? "allow_anonymous false" : "allow_anonymous true",
                port, listenerExtra));
    }

    ThrowawayMosquitto(Path dir) throws IOException {
        this(dir, "", List.of());
    }

    /** The broker, mosquitto_pub/_sub/_passwd, or a skipped test (a failed one under CI=true) with a loud reason. */
    static void requireMosquitto() {
        if (Files.isExecutable(BROKER) && onPath("mosquitto_sub") && onPath("mosquitto_pub") && onPath("mosquitto_passwd")) {
            return;
        }
        missing("Mosquitto is not installed (apt-get install mosquitto mosquitto-clients): the real-broker MQTT tests");
    }

    /** openssl, or a skipped test (failed under CI=true). */
    static void requireOpenssl() {
        if (!onPath("openssl")) {
            missing("openssl is not installed (apt-get install openssl): the MQTT-over-TLS test");
        }
    }

    private static void missing(String what) {
        String why = what + " DID NOT RUN";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(why + " and CI=true requires them");
        }
        System.err.println("SKIPPED: " + why);
        Assumptions.abort(why);
    }

    private static boolean onPath(String command) {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, command))) {
                return true;
            }
        }
        return false;
    }

    int port() {
        return port;
    }

    /** {@code host:port} for a labbridge config. */
    String address() {
        return "127.0.0.1:" + port;
    }

    /** Starts the broker and waits until it accepts connections. */
    void start() throws IOException, InterruptedException {
        process = new ProcessBuilder(BROKER.toString(), "-c", config.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("stdout.log").toFile())).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            if (!process.isAlive()) {
                throw new AssertionError("mosquitto exited with " + process.exitValue() + ":\n" + log());
            }
            // Not a connect probe before the broker listens: one can connect to itself (see ListeningPorts).
            try (Socket probe = new Socket()) {
                if (!ListeningPorts.listening(port)) {
                    throw new IOException("not listening yet");
                }
                probe.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("mosquitto does not listen on " + port + " after 10 s:\n" + log());
                }
                Thread.sleep(20); // poll interval of a poll-with-deadline
            }
        }
    }

    /** SIGTERM, as a service manager stops it: the broker saves its persistent sessions, then exits. */
    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            // 30 s, not 10: on a loaded 2-core machine the broker once took over 10 s to save its database and
            // exit. Killing it instead would lose the persistent sessions the restart tests are about.
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                throw new AssertionError("mosquitto ignored SIGTERM for 30 s:\n" + log());
            }
        }
    }

    /**
     * Makes the broker write its persistence file now ({@code SIGUSR1}) and waits until the new file is in
     * place, so a {@link #kill} after this loses nothing the broker had queued.
     */
    void save() throws IOException, InterruptedException {
        Path db = dir.resolve("mosquitto.db");
        Object before = Files.exists(db) ? Files.getAttribute(db, "unix:ino") : null;
        signal("USR1");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        // the broker writes mosquitto.db.new and renames it: a new inode means the save is complete
        while (!Files.exists(db) || Files.getAttribute(db, "unix:ino").equals(before)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("mosquitto did not save its database within 10 s:\n" + log());
            }
            Thread.sleep(10); // poll interval of a poll-with-deadline
        }
    }

    /** Freezes the broker ({@code SIGSTOP}): connections stay open, nothing is read or acknowledged. */
    void freeze() throws IOException, InterruptedException {
        signal("STOP");
    }

    /** {@code SIGKILL}: the broker dies at once, its connections reset, what it had not saved lost. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            throw new AssertionError("mosquitto survived SIGKILL for 10 s");
        }
    }

    private void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid())).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new AssertionError("kill -" + name + " " + process.pid() + " failed");
        }
    }

    /** The broker's log so far (for failure messages). */
    String log() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "(no log)";
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    /** A mosquitto client command ({@code mosquitto_sub}...) against this broker, then {@code args}. */
    List<String> client(String command, String... args) {
        List<String> cmd = new ArrayList<>(List.of(command, "-h", "127.0.0.1", "-p", String.valueOf(port)));
        cmd.addAll(clientAuth);
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Runs {@code mosquitto_sub ARGS} to its end ({@code -C n}, {@code -W s}) and returns its output lines. */
    List<String> sub(String... args) throws IOException, InterruptedException {
        return run(client("mosquitto_sub", args));
    }

    /** Runs {@code mosquitto_pub ARGS}; fails with its output when it fails. */
    void pub(String... args) throws IOException, InterruptedException {
        run(client("mosquitto_pub", args));
    }

    private List<String> run(List<String> command) throws IOException, InterruptedException {
        Path out = Files.createTempFile(dir, "client", ".out");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(command + " did not finish in 30 s; output:\n" + Files.readString(out));
        }
        List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new AssertionError(command + " exited with " + p.exitValue() + ":\n" + String.join("\n", lines)
                    + "\nbroker log:\n" + log());
        }
        return lines;
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
