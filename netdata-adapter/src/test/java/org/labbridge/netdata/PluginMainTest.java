package org.labbridge.netdata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.labbridge.codec.plugind.PluginsdChecker;
import org.junit.jupiter.api.io.TempDir;

class PluginMainTest {

    @Test
    void anInvalidConfigSaysWhyThenDisables(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("labbridge.conf"), "jobs:\n  lab:\n    pull: nohost\n    timout: 1s\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = PluginMain.run(new String[] {"1"}, Map.of("NETDATA_USER_CONFIG_DIR", dir.toString()),
                new PipedInputStream(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(1, code);
        assertEquals("DISABLE\n", out.toString(StandardCharsets.UTF_8));
        String why = err.toString(StandardCharsets.UTF_8);
        // every problem of the file, each on its own line with file:line:column and path
        String file = dir.resolve("labbridge.conf").toString();
        assertEquals("labbridge.plugin: invalid configuration, disabling: " + file + ":4:5: jobs.lab.timout: unknown key, "
                + "did you mean 'timeout'? (expected one of: pull, bridge, metrics, update_every, timeout, retry, divisor, "
                + "units, order, charts, codenames, metrics_url)\n"
                + "labbridge.plugin: invalid configuration, disabling: " + file + ":3:5: jobs.lab.pull: nohost "
                + "(expected: host:port, got 'nohost')\n", why);
    }

    @Test
    void aBadUpdateEveryDisablesToo() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = PluginMain.run(new String[] {"fast"}, Map.of(), new PipedInputStream(),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(1, code);
        assertEquals("DISABLE\n", out.toString(StandardCharsets.UTF_8));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("update_every"));
    }

    @Test
    void chartsASourceAnswersFunctionsAndExitsOnStdinEof(@TempDir Path dir) throws Exception {
        try (FakePullSocket socket = new FakePullSocket("oven socket", 0)) {
            socket.set("temperature", 21.5);
            socket.set("door open", true);
            socket.set("state", "heating");
            Files.writeString(dir.resolve("labbridge.conf"), "autodetect: false\njobs:\n  oven:\n    pull: 127.0.0.1:"
                    + socket.port() + "\n");
            PipedOutputStream toPlugin = new PipedOutputStream();
            PipedInputStream stdin = new PipedInputStream(toPlugin);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> PluginMain.run(new String[] {"1"},
                    Map.of("NETDATA_STOCK_CONFIG_DIR", dir.toString(), "NETDATA_VERSION", "v1.37.1"), stdin,
                    new PrintStream(out, true, StandardCharsets.UTF_8), System.err));
            String text = await(() -> out.toString(StandardCharsets.UTF_8).contains("SET temperature = 21500"), out);
            assertTrue(text.startsWith("FUNCTION GLOBAL 'labbridge-sources' 10 "), text);
            assertTrue(text.contains("SET door_open = 1000"), text);
            assertTrue(!text.contains("labbridge_oven.state"), "strings are not charted");

            toPlugin.write("FUNCTION tx-1 10 \"labbridge-sources\"\nFUNCTION tx-2 10 \"nope\"\n"
                    .getBytes(StandardCharsets.UTF_8));
            toPlugin.flush();
            text = await(() -> out.toString(StandardCharsets.UTF_8).contains("FUNCTION_RESULT_BEGIN tx-2 400"), out);
            assertTrue(text.contains("FUNCTION_RESULT_BEGIN tx-1 200 application/json"), text);
            assertTrue(text.contains("\"oven socket\"") && text.contains("\"ok\""), text);

            toPlugin.close(); // Netdata went away
            assertEquals(0, exit.get(5, TimeUnit.SECONDS));
            new PluginsdChecker().feed(out.toString(StandardCharsets.UTF_8)).assertValid();
        }
    }

    @Test
    void aBrokenStdoutEndsThePlugin(@TempDir Path dir) throws Exception {
        try (FakePullSocket socket = new FakePullSocket("s", 0)) {
            socket.set("v", 1);
            brokenStdout(dir, socket.port());
        }
    }

    private static void brokenStdout(Path dir, int port) throws Exception {
        Files.writeString(dir.resolve("labbridge.conf"), "autodetect: false\njobs:\n  x:\n    pull: 127.0.0.1:"
                + port + "\n");
        OutputStream broken = new OutputStream() {
            private int budget = 200; // the function registration goes through, then the pipe breaks

            @Override
            public void write(int b) throws IOException {
                if (--budget < 0) {
                    throw new IOException("Broken pipe");
                }
            }
        };
        PipedOutputStream keepOpen = new PipedOutputStream();
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> PluginMain.run(new String[] {"1"},
                Map.of("NETDATA_USER_CONFIG_DIR", dir.toString()), pipe(keepOpen), new PrintStream(broken), System.err));
        assertEquals(0, exit.get(5, TimeUnit.SECONDS));
        keepOpen.close();
    }

    private static PipedInputStream pipe(PipedOutputStream src) {
        try {
            return new PipedInputStream(src);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String await(BooleanSupplier condition, ByteArrayOutputStream out) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out; output so far:\n" + out.toString(StandardCharsets.UTF_8));
            }
            TimeUnit.MILLISECONDS.sleep(20); // polling with a deadline
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
