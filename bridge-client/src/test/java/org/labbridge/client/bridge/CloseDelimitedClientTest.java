package org.labbridge.client.bridge;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Timeout;
import org.labbridge.codec.frame.FramingConfig;
import org.labbridge.transport.Transport;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Close-delimited sending ({@code message_delimiter: null}) to a plain TCP server that reads each
 * connection until EOF, then closes it (what {@code nc -l}, a Python {@code recv} loop or datalogd's
 * socket reader do). Issue 10 item 7: the client sent one or two messages, then stopped for good with the
 * rest queued, because only a queue drain (which this mode never runs) re-armed the wake-up of the sender.
 */
@Timeout(60)
class CloseDelimitedClientTest {

    private static final int MESSAGES = 20;

    private Transport transport;
    private ServerSocket server;
    private Thread acceptor;
    /** One entry per connection: everything the client sent on it. */
    private final List<String> received = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        transport = Transport.create("close-delimited", 1, true);
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::serve, "read-until-eof-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Accepts connections one after the other; reads each to EOF, records it, closes it. */
    private void serve() {
        while (!server.isClosed()) {
            try (Socket s = server.accept(); InputStream in = s.getInputStream()) {
                received.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                return; // the server was closed
            }
        }
    }

    @AfterEach
    void tearDown() throws Exception {
        server.close();
        acceptor.join(5_000);
        transport.close();
    }

    @ParameterizedTest(name = "{0} ms between messages")
    @ValueSource(ints = {100, 0})
    void everyMessageArrivesOnItsOwnConnection(int pauseMillis) throws Exception {
        AtomicInteger written = new AtomicInteger();
        try (BridgeClient client = BridgeClient.builder("127.0.0.1", server.getLocalPort()).transport(transport)
                .framing(FramingConfig.DEFAULT.withDelimiter(null)).onWritten(written::addAndGet)
                .backoff(Backoff.parse("exponential=10ms:100ms,jitter=0.2")).build().start()) {
            for (int i = 0; i < MESSAGES; i++) {
                client.send(Map.of("n", i));
                if (pauseMillis > 0) {
                    Thread.sleep(pauseMillis); // the scenario of the issue: a sensor sending every 100 ms
                }
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (received.size() < MESSAGES) {
                if (System.nanoTime() > deadline) {
                    fail("stalled: " + received.size() + " of " + MESSAGES + " messages arrived, "
                            + client.queuedMessages() + " still queued, state " + client.state());
                }
                Thread.sleep(5);
            }
            assertTrue(client.awaitDrained(Duration.ofSeconds(5)));
            assertEquals(MESSAGES, written.get(), "onWritten told once per message");
        }
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < MESSAGES; i++) {
            expected.add("{\"n\":" + i + "}");
        }
        assertEquals(expected, received, "each message alone on its connection, in order");
    }
}
