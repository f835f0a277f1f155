package org.labbridge.it;

import org.junit.jupiter.api.Test;
import org.labbridge.codec.python.PyTuple;
import org.labbridge.sockets.DataPushSocket;
import org.labbridge.sockets.DateDataPullSocket;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real Python client (standard {@code socket} module only, commands sent as the PyExpLabSys docs do)
 * talks to the Java sockets and checks every reply byte for byte.
 */
class PyExpLabSysClientIT {

    @Test
    void pythonClientSeesPyExpLabSysBytes() throws Exception {
        // A clock 1.8 s after the spec example's point: temperature (timeout 10 s) fresh, pressure (1 s) stale.
        Clock clock = Clock.fixed(Instant.ofEpochSecond(1414154340L), ZoneOffset.UTC);
        try (DateDataPullSocket pull = DateDataPullSocket.builder("my socket", List.of("temperature", "pressure"))
                .port(0).timeouts(10.0, 1.0).clock(clock).activityTimeout(1e9).build();
             DataPushSocket push = DataPushSocket.builder("pusher").port(0).build();
             DataPushSocket direct = DataPushSocket.builder("direct").port(0).action("callback_direct")
                     .returnFormat("raw").callback(data -> {
                         Object n = data.get("n");
                         if (n == null) {
                             throw new IllegalArgumentException("no n given");
                         }
                         Map<String, Object> out = new LinkedHashMap<>();
                         out.put("answer", 42);
                         out.put("values", List.of(42, n));
                         return out;
                     }).build()) {
            pull.start();
            push.start();
            direct.start();
            pull.setPoint("temperature", PyTuple.of(1414154338.172345, 21.5));

            Path script = Files.createTempFile("pyexplabsys_client", ".py");
            try (InputStream in = getClass().getResourceAsStream("/pyexplabsys_client.py")) {
                Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
            }
            try {
                Process python = new ProcessBuilder("python3", script.toString(), Integer.toString(pull.port()),
                        Integer.toString(push.port()), Integer.toString(direct.port()))
                        .redirectErrorStream(true).start();
                boolean finished = python.waitFor(60, TimeUnit.SECONDS);
                String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!finished) {
                    python.destroyForcibly();
                }
                assertTrue(finished, "python client hung:\n" + output);
                assertEquals(0, python.exitValue(), "python client failed:\n" + output);
                assertTrue(output.contains("replies byte-identical"), output);
            } finally {
                Files.deleteIfExists(script);
            }
        }
    }
}
