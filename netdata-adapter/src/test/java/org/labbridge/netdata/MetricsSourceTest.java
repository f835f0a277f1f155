package org.labbridge.netdata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The daemon's meters over HTTP (a real JDK HttpServer on a free port), with the UDP socket as fallback. */
class MetricsSourceTest {
    private HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();
    private volatile int status = 200;
    private volatile String body = """
            # TYPE labbridge_udp_requests_total counter
            labbridge_udp_requests_total{socket="pull"} 5.0
            # TYPE jvm_memory_used_bytes gauge
            jvm_memory_used_bytes{area="heap"} 1.5E7
            """;
    private final FakeSource udp = new FakeSource();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/metrics", exchange -> {
            requests.incrementAndGet();
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        udp.values = Map.of("labbridge.udp.requests|socket=pull|statistic=count", 4.0);
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/metrics");
    }

    @Test
    void theHttpEndpointIsReadFirstAndTheSocketNotAtAll() throws IOException {
        MetricsSource source = new MetricsSource(url(), Duration.ofSeconds(2), udp);
        assertEquals(Map.of("labbridge_udp_requests_total|socket=pull|statistic=count", 5.0,
                "jvm_memory_used_bytes|area=heap", 1.5E7), source.poll());
        assertEquals(0, udp.polls.get());
        assertTrue(source.name().contains(url().toString()), source.name());
        assertEquals(List.of("labbridge_udp_requests_total|socket=pull|statistic=count", "jvm_memory_used_bytes|area=heap"),
                source.codenames());
    }

    @Test
    void withoutTheEndpointTheSocketServesAndHttpIsNotAskedAgainAtOnce() throws IOException {
        status = 404;
        MetricsSource source = new MetricsSource(url(), Duration.ofSeconds(2), udp);
        assertEquals(udp.values, source.poll());
        assertEquals(udp.values, source.poll());
        assertEquals(1, requests.get(), "HTTP is not retried at once (first after " + MetricsSource.HTTP_RETRY_FIRST + ")");
        assertEquals(2, udp.polls.get());
    }

    @Test
    void aSlowFirstScrapeCostsSecondsNotAMinute() throws Exception {
        status = 503; // a daemon whose first scrape timed out, say
        MetricsSource source = new MetricsSource(url(), Duration.ofSeconds(2), udp);
        assertEquals(udp.values, source.poll());
        status = 200;
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        Map<String, Object> values = source.poll();
        while (values.equals(udp.values) && System.nanoTime() < deadline) {
            Thread.sleep(100); // the plugin polls every second; poll-with-deadline here
            values = source.poll();
        }
        assertTrue(values.containsKey("jvm_memory_used_bytes|area=heap"),
                "HTTP is tried again after " + MetricsSource.HTTP_RETRY_FIRST + ", not " + MetricsSource.HTTP_RETRY);
    }

    @Test
    void aStoppedServerFallsBackToo() throws IOException {
        server.stop(0);
        MetricsSource source = new MetricsSource(url(), Duration.ofSeconds(2), udp);
        assertEquals(udp.values, source.poll());
    }

    @Test
    void whenBothFailTheErrorNamesBoth() {
        status = 503;
        udp.failure = new IOException("port unreachable");
        MetricsSource source = new MetricsSource(url(), Duration.ofSeconds(2), udp);
        IOException e = assertThrows(IOException.class, source::poll);
        assertTrue(e.getMessage().contains("port unreachable") && e.getMessage().contains("HTTP 503"), e.getMessage());
    }

    @Test
    void anAnswerBeyondTheBoundIsRefused() {
        body = "a 1\n".repeat(MetricsSource.MAX_BODY_BYTES / 4 + 1);
        MetricsSource source = new MetricsSource(url(), Duration.ofSeconds(5), udp);
        IOException e = assertThrows(IOException.class, () -> source.readHttp(url(), Duration.ofSeconds(5)));
        assertTrue(e.getMessage().contains("larger than 16 MiB"), e.getMessage());
    }

    @Test
    void withoutUrlOnlyTheSocket() throws IOException {
        MetricsSource source = new MetricsSource(null, Duration.ofSeconds(2), udp);
        assertEquals(udp.values, source.poll());
        assertEquals(0, requests.get());
    }
}
