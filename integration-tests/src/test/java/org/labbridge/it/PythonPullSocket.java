package org.labbridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.labbridge.client.udp.PullClient;
import org.labbridge.codec.python.PyJson;

/** The Python-only PyExpLabSys-like pull socket (fake_pull_socket.py) as a child process. */
final class PythonPullSocket implements AutoCloseable {
    private final Process process;
    private final int port;

    static void requirePython() {
        try {
            if (new ProcessBuilder("python3", "-c", "pass").start().waitFor(10, TimeUnit.SECONDS)) {
                return;
            }
        } catch (IOException | InterruptedException e) {
            // fall through
        }
        String why = "python3 is not installed: the Python pull-socket tests DID NOT RUN";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(why + " and CI=true requires them");
        }
        System.err.println("SKIPPED: " + why);
        Assumptions.abort(why);
    }

    PythonPullSocket(Path dir, int port, String name) throws IOException {
        Path script = dir.resolve("fake_pull_socket.py");
        try (InputStream in = PythonPullSocket.class.getResourceAsStream("fake_pull_socket.py")) {
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
        process = new ProcessBuilder("python3", script.toString(), Integer.toString(port), name)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String ready = out.readLine(); // blocks until bound (or the process died)
        if (ready == null || !ready.startsWith("ready ")) {
            throw new IOException("python pull socket did not start: " + ready);
        }
        this.port = Integer.parseInt(ready.substring(6).trim());
    }

    int port() {
        return port;
    }

    /** Sets points (now, value) through the script's test-only {@code set#} command. */
    void set(Map<String, Object> values) throws IOException {
        try (PullClient c = new PullClient(new InetSocketAddress("127.0.0.1", port), Duration.ofSeconds(2))) {
            assertEquals("ACK", c.request("set#" + PyJson.dumps(values)));
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor(5, TimeUnit.SECONDS);
    }
}
