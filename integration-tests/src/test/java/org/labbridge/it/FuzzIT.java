package org.labbridge.it;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 10's fuzz suite: the shipped daemon (built distribution, the launcher's JVM options) with push,
 * date-pull, live, bridge-server, the metrics socket and the HTTP endpoint takes a seeded storm of hostile
 * datagrams and bridge frames ({@link HostileInput}) while {@link FuzzProbes} interleave valid pushes and
 * pulls. Afterwards the daemon is alive, its pull socket answers {@code json_wn} with JSON, {@code /health}
 * is 200, RSS is at most twice the idle RSS and the whole log has at most 300 lines.
 *
 * <p>System properties: {@code fuzz.datagrams} (default 200,000), {@code fuzz.rate} (datagrams/s, default
 * 6,000), {@code fuzz.frames} (default max(1,000, datagrams / 200)), {@code fuzz.seed} (default: random,
 * printed), {@code fuzz.report} (a file the figures are also written to; {@code bench/fuzz.sh} uses it).
 */
@Timeout(7200)
class FuzzIT {
    private static final long DATAGRAMS = Long.getLong("fuzz.datagrams", 200_000);
    private static final int RATE = Integer.getInteger("fuzz.rate", 6_000);
    private static final long FRAMES = Long.getLong("fuzz.frames", Math.max(1_000, DATAGRAMS / 200));
    private static final long SEED = Long.getLong("fuzz.seed", System.nanoTime());
    private static final int SLOWLORIS = 16;
    private static final int MAX_LOG_LINES = 300;
    private static final JsonMapper PYTHON_JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build(); // Python's json.loads reads NaN too

    private record Ports(int push, int pull, int live, int liveSink, int bridge, int metrics, int http) {
    }

    private static Path config(Path dir, Ports p) throws IOException {
        Path config = dir.resolve("labbridge.yaml");
        Files.writeString(config, """
                metrics: {port: %d}
                http: {port: %d}
                nodes:
                  - {kind: push, name: input, port: %d}
                  - {kind: date-pull, name: readings, port: %d}
                  - {kind: live, name: live, port: %d, codenames: [t, probe], live_server: "127.0.0.1:%d"}
                  - {kind: bridge-server, name: bridge, port: %d}
                connections:
                  - {from: input, to: [readings, bridge, live]}
                  - {from: bridge, to: readings}
                """.formatted(p.metrics(), p.http(), p.push(), p.pull(), p.live(), p.liveSink(), p.bridge()));
        return config;
    }

    @Test
    void hostileTrafficCostsNoReadingNoSocketAndNoLogFlood(@TempDir Path dir) throws Exception {
        System.out.println("FuzzIT seed " + SEED + " (rerun with -Dfuzz.seed=" + SEED + ")");
        Ports p = new Ports(FreePorts.next(), FreePorts.next(), FreePorts.next(), FreePorts.next(), FreePorts.next(),
                FreePorts.next(), FreePorts.next());
        try (DatagramChannel liveSink = DatagramChannel.open(); // the live server: bound, never read
             DaemonProcess daemon = DaemonProcess.runAsShipped(config(dir, p), Duration.ofSeconds(30));
             HostileBridgePeers bridgePeers = new HostileBridgePeers(p.bridge(), SEED)) {
            liveSink.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), p.liveSink()));
            FuzzProbes probes = new FuzzProbes(p.push(), p.pull(), p.bridge());
            probes.warmUp(300); // also registers probe and probe_bridge before the fuzz fills the codename table
            for (int i = 0; i < 50; i++) {
                Udp.request(p.pull(), "json_wn", Duration.ofSeconds(2));
                Udp.request(p.metrics(), "json_wn", Duration.ofSeconds(2));
            }
            Thread.sleep(3_000); // idle: nothing is sent while the JVM settles, then its RSS is the baseline
            long idleKib = rssKib(daemon.pid());

            long start = System.nanoTime();
            Thread probing = new Thread(probes, "fuzz-probes");
            probing.start();
            bridgePeers.startSlowloris(SLOWLORIS);
            java.util.concurrent.atomic.AtomicLong sent = new java.util.concurrent.atomic.AtomicLong();
            Thread datagramSender = new Thread(() -> sendDatagrams(p, sent), "fuzz-datagrams");
            datagramSender.setUncaughtExceptionHandler((t, e) -> e.printStackTrace());
            datagramSender.start();
            bridgePeers.send(FRAMES, DATAGRAMS * 1000L / RATE);
            datagramSender.join();
            probes.stop();
            probing.join(10_000);
            double seconds = (System.nanoTime() - start) / 1e9;
            long afterKib = rssKib(daemon.pid());

            assertTrue(daemon.process().isAlive(), seedSays("the daemon died; log:\n" + String.join("\n", daemon.log())));
            String jsonWn = Udp.request(p.pull(), "json_wn", Duration.ofSeconds(5));
            String rawWn = Udp.request(p.pull(), "raw_wn", Duration.ofSeconds(5));
            String codenames = Udp.request(p.pull(), "codenames_json", Duration.ofSeconds(5));
            String liveJsonWn = Udp.request(p.live(), "json_wn", Duration.ofSeconds(5));
            String metricsJsonWn = Udp.request(p.metrics(), "json_wn", Duration.ofSeconds(5));
            HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + p.http() + "/health")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            String memory = memoryBreakdown(p.http());
            List<String> log = daemon.log();
            Files.write(Path.of("target", "FuzzIT-daemon.log"), log); // kept for reading after a failure

            String figures = String.format(java.util.Locale.ROOT,
                    "seed %d: %,d datagrams (%,.0f/s asked) and %,d bridge frames over %,d connections (%,d cut short"
                            + " by the server) + %d slowloris in %.1f s; probes %,d: answered %,d, correct %,d,"
                            + " dropped (no reply) %,d, wrong %d; after: json_wn %,d bytes, /health %d;"
                            + " RSS idle %.1f MiB, after %.1f MiB (%.2fx; %s); log %d lines",
                    SEED, sent.get(), (double) RATE, bridgePeers.frames(), bridgePeers.connections(),
                    bridgePeers.cutShort(), SLOWLORIS, seconds, probes.rounds(), probes.answered(), probes.correct(),
                    probes.dropped(), probes.wrong().size(), jsonWn.length(), health.statusCode(),
                    idleKib / 1024.0, afterKib / 1024.0, (double) afterKib / idleKib, memory, log.size());
            System.out.println("FuzzIT " + figures);
            String report = System.getProperty("fuzz.report");
            if (report != null && !report.isEmpty()) {
                Files.writeString(Path.of(report), figures + "\n");
            }

            assertTrue(probes.wrong().isEmpty(), seedSays("wrong answers to valid probes: " + probes.wrong()));
            assertTrue(probes.answered() >= probes.rounds() * 6 / 10,
                    seedSays("most probes must be answered: " + figures));
            assertEquals(DATAGRAMS, sent.get(), seedSays("the datagram sender stopped early"));
            assertTrue(jsonObject(jsonWn).has("probe"), seedSays("json_wn after the fuzz: " + abbreviate(jsonWn)));
            assertTrue(jsonObject(liveJsonWn).has("probe"), seedSays("live json_wn after the fuzz: " + abbreviate(liveJsonWn)));
            assertTrue(jsonObject(metricsJsonWn).size() > 0, seedSays("metrics json_wn: " + abbreviate(metricsJsonWn)));
            assertTrue(json(codenames).isArray(), seedSays("codenames_json: " + abbreviate(codenames)));
            assertTrue(rawWn.contains("probe:") && !rawWn.startsWith("ERROR"), seedSays("raw_wn after the fuzz: " + abbreviate(rawWn)));
            assertEquals(200, health.statusCode(), seedSays("/health after the fuzz: " + health.body()));
            assertTrue(afterKib <= 2 * idleKib, seedSays("RSS grew past twice the idle RSS: " + figures));
            assertTrue(log.size() <= MAX_LOG_LINES, seedSays(log.size() + " log lines (at most " + MAX_LOG_LINES
                    + "); the first 100:\n" + String.join("\n", log.subList(0, Math.min(100, log.size())))));
        }
    }

    /** Sends {@link #DATAGRAMS} hostile datagrams at {@link #RATE}/s from one non-blocking channel. */
    private static void sendDatagrams(Ports p, java.util.concurrent.atomic.AtomicLong sent) {
        Random r = new Random(SEED ^ 0x5DEECE66DL);
        int[] targets = {p.push(), p.push(), p.push(), p.push(), p.pull(), p.pull(), p.pull(), p.live(), p.metrics(),
            p.metrics()};
        InetSocketAddress[] addresses = new InetSocketAddress[targets.length];
        for (int i = 0; i < targets.length; i++) {
            addresses[i] = new InetSocketAddress(InetAddress.getLoopbackAddress(), targets[i]);
        }
        try (DatagramChannel channel = DatagramChannel.open()) {
            channel.configureBlocking(false);
            channel.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            long start = System.nanoTime();
            for (long i = 0; i < DATAGRAMS; i++) {
                ByteBuffer datagram = ByteBuffer.wrap(HostileInput.datagram(r));
                InetSocketAddress to = addresses[r.nextInt(addresses.length)];
                while (channel.send(datagram, to) == 0 && datagram.hasRemaining()) {
                    Thread.onSpinWait(); // our send buffer is full: the kernel catches up
                }
                sent.incrementAndGet();
                if (i % 500 == 499) {
                    long ahead = start + i * 1_000_000_000L / RATE - System.nanoTime();
                    if (ahead > 0) {
                        TimeUnit.NANOSECONDS.sleep(ahead); // pace to RATE datagrams per second
                    }
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Where the memory is, from the daemon's {@code /metrics}: JVM heap and non-heap committed, direct buffers. */
    private static String memoryBreakdown(int http) throws IOException, InterruptedException {
        String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http
                + "/metrics")).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
        return String.format(java.util.Locale.ROOT, "heap committed %.1f MiB, non-heap %.1f MiB, direct buffers %.1f MiB",
                sum(metrics, "jvm_memory_committed_bytes{area=\"heap\""),
                sum(metrics, "jvm_memory_committed_bytes{area=\"nonheap\""),
                sum(metrics, "jvm_buffer_memory_used_bytes{id=\"direct\""));
    }

    /** The sum in MiB of the Prometheus samples whose line starts with {@code prefix}. */
    private static double sum(String metrics, String prefix) {
        return metrics.lines().filter(l -> l.startsWith(prefix))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum() / (1 << 20);
    }

    /** The reply parsed as a JSON object (Python's dialect: NaN allowed), or an empty one when it is not. */
    private static JsonNode jsonObject(String reply) {
        JsonNode node = json(reply);
        return node.isObject() ? node : PYTHON_JSON.createObjectNode();
    }

    /** The reply parsed as JSON (Python's dialect), or a missing node when it is not JSON. */
    private static JsonNode json(String reply) {
        try {
            return PYTHON_JSON.readTree(reply);
        } catch (IOException e) {
            return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + "... (" + s.length() + " chars)";
    }

    private static long rssKib(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"), StandardCharsets.US_ASCII)) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/" + pid + "/status");
    }

    private static String seedSays(String message) {
        return "[fuzz seed " + SEED + "] " + message;
    }
}
