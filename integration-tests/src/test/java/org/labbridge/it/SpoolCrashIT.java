package org.labbridge.it;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The disk spool of a {@code bridge-client} against crashes of the real daemon process: pushes are
 * acknowledged over UDP (a PyExpLabSys push socket) while the uplink is down, the daemon is killed with
 * SIGKILL and restarted, then the uplink (a plain TCP server in this test reading 0x17-delimited JSON)
 * comes up: every acknowledged push arrives, once, in the order it was pushed.
 */
@Timeout(600)
class SpoolCrashIT {

    private static final Duration START = Duration.ofSeconds(30);
    private static final Pattern NUMBER = Pattern.compile("(\\d+)");
    private static final Pattern TORN_TAILS_ONE = Pattern.compile(
            "\"labbridge\\.spool\\.corruptions\\|kind=torn_tail\\|spool=up\\|statistic=count\": \\[[^,\\]]+, 1(\\.0)?\\]");

    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
    }

    /**
     * The daemon's ports. The uplink's is held by a bound, not listening TCP socket until the peer starts:
     * connecting to it is refused (the server is down), and the kernel never hands it out as an ephemeral
     * port meanwhile (another process's connection, or the daemon's own reconnect attempts connecting to
     * themselves, would otherwise take it from the peer).
     */
    private record Ports(int push, Socket uplinkHold, int metrics) {
        int uplink() {
            return uplinkHold.getLocalPort();
        }
    }

    private Ports ports() throws IOException {
        Socket hold = new Socket();
        hold.setReuseAddress(true);
        hold.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        closeables.add(hold);
        return new Ports(FreePorts.next(), hold, FreePorts.next());
    }

    private static Path config(Path dir, Ports ports, String fsync) throws IOException {
        Path config = dir.resolve("labbridge.yaml");
        Files.writeString(config, """
                drain_time: 5s
                metrics: {port: %d}
                nodes:
                  - {kind: push, name: input, port: %d}
                  - kind: bridge-client
                    name: up
                    connect: 127.0.0.1:%d
                    backoff_max: 500ms
                    spool: {dir: "%s", max_bytes: 64MiB, fsync: %s}
                connections:
                  - {from: input, to: up}
                """.formatted(ports.metrics(), ports.push(), ports.uplink(), dir.resolve("spool"), fsync));
        return config;
    }

    private DaemonProcess daemon(Path config) throws Exception {
        DaemonProcess d = DaemonProcess.run(config, START);
        closeables.add(d);
        return d;
    }

    @Test
    void threeThousandAcknowledgedPushesSurviveSigkillAndArriveInOrderOnce(@TempDir Path dir) throws Exception {
        Ports ports = ports();
        Path config = config(dir, ports, "interval");
        int n = 3000;
        DaemonProcess first = daemon(config);
        pushAcknowledged(ports.push(), n);
        first.kill(); // at once after the last ACK: nothing of the daemon's own shutdown runs

        DaemonProcess second = daemon(config);
        Peer peer = startPeer(ports);
        awaitCondition(() -> peer.values().size() >= n, Duration.ofSeconds(120),
                () -> "delivered " + peer.values().size() + " of " + n + "; log:\n" + String.join("\n", second.log()));
        awaitSpoolEmpty(ports.metrics());
        assertEquals(0, second.terminate(Duration.ofSeconds(20)));
        peer.awaitClosed();

        assertEquals(range(n), peer.values(), "every acknowledged push, once, in order");
    }

    @Test
    void aTruncatedLastSegmentLosesOnlyItsTornRecordWhichIsCounted(@TempDir Path dir) throws Exception {
        Ports ports = ports();
        Path config = config(dir, ports, "always");
        int n = 500;
        DaemonProcess first = daemon(config);
        pushAcknowledged(ports.push(), n);
        first.kill();
        Path last;
        try (var files = Files.list(dir.resolve("spool"))) {
            last = files.filter(p -> p.getFileName().toString().endsWith(".seg")).sorted().reduce((a, b) -> b).orElseThrow();
        }
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(last.toFile(), "rw")) {
            f.setLength(f.length() - 5); // as if the crash had cut the last write short
        }

        DaemonProcess second = daemon(config);
        Peer peer = startPeer(ports);
        awaitCondition(() -> peer.values().size() >= n - 1, Duration.ofSeconds(60),
                () -> "delivered " + peer.values().size() + "; log:\n" + String.join("\n", second.log()));
        awaitSpoolEmpty(ports.metrics());
        Udp.await(ports.metrics(), "json_wn",
                r -> TORN_TAILS_ONE.matcher(r).find(),
                Duration.ofSeconds(10));
        assertTrue(second.log().stream().anyMatch(l -> l.contains("damaged tail of")),
                "the torn tail is logged");
        assertEquals(0, second.terminate(Duration.ofSeconds(20)));
        peer.awaitClosed();

        assertEquals(range(n - 1), peer.values(), "all but the torn last record, in order, never garbage");
    }

    /**
     * The issue's crash test: pushes from several senders flow while the daemon is SIGKILLed (20 times by
     * default; {@code -Dlabbridge.it.spoolKills=N}) with {@code fsync: always}. A push that was
     * acknowledged must arrive exactly once; one that was not (cut off by the kill) may arrive or not, but
     * never twice; each sender's values arrive in the order it pushed them.
     */
    @Test
    void acknowledgedPushesSurviveRepeatedSigkillsWhilePushing(@TempDir Path dir) throws Exception {
        int kills = Integer.getInteger("labbridge.it.spoolKills", 20);
        Ports ports = ports();
        Path config = config(dir, ports, "always");
        int senders = 4;
        Set<Long> acked = ConcurrentHashMap.newKeySet();
        AtomicBoolean pushing = new AtomicBoolean(true);
        List<Thread> threads = new ArrayList<>();
        for (int s = 0; s < senders; s++) {
            long base = (s + 1) * 1_000_000L;
            Thread t = new Thread(() -> pushUntilStopped(ports.push(), base, acked, pushing), "pusher-" + s);
            t.setDaemon(true);
            threads.add(t);
        }
        threads.forEach(Thread::start);
        try {
            for (int round = 0; round < kills; round++) {
                DaemonProcess d = DaemonProcess.run(config, START);
                try {
                    int before = acked.size();
                    awaitCondition(() -> acked.size() >= before + 100, Duration.ofSeconds(30),
                            () -> "pushes not acknowledged; log:\n" + String.join("\n", d.log()));
                } finally {
                    d.kill(); // while the pushers keep sending
                    d.close();
                }
            }
        } finally {
            pushing.set(false);
            for (Thread t : threads) {
                t.join(5000);
            }
        }
        assertTrue(acked.size() >= kills * 100, "acknowledged " + acked.size());

        DaemonProcess last = daemon(config);
        Peer peer = startPeer(ports);
        awaitCondition(() -> peer.valueSet().containsAll(acked), Duration.ofSeconds(120),
                () -> "delivered " + peer.values().size() + ", acknowledged " + acked.size() + "; log:\n"
                        + String.join("\n", last.log()));
        awaitSpoolEmpty(ports.metrics());
        assertEquals(0, last.terminate(Duration.ofSeconds(20)));
        peer.awaitClosed();

        List<Long> values = peer.values();
        assertEquals(values.size(), new HashSet<>(values).size(), "no value arrived twice");
        assertTrue(peer.valueSet().containsAll(acked), "every acknowledged push arrived");
        long[] lastOf = new long[senders + 1];
        for (long v : values) {
            int sender = (int) (v / 1_000_000L);
            assertTrue(v > lastOf[sender], "sender " + sender + ": " + v + " arrived after " + lastOf[sender]);
            lastOf[sender] = v;
        }
        System.out.printf("spool crash test: %d SIGKILLs, %d pushes acknowledged, %d delivered (%d unacknowledged"
                + " ones among them, cut off by a kill after they were spooled), 0 duplicates%n",
                kills, acked.size(), values.size(), values.size() - acked.size());
    }

    /** One sender: pushes value after value, moving on after 300 ms without an answer (the daemon is down). */
    private static void pushUntilStopped(int port, long base, Set<Long> acked, AtomicBoolean pushing) {
        try (DatagramSocket udp = new DatagramSocket()) {
            udp.setSoTimeout(300);
            long v = base;
            while (pushing.get()) {
                send(udp, port, v);
                try {
                    while (true) { // late answers to earlier pushes count too
                        String reply = receive(udp);
                        long answered = number(reply);
                        if (reply.startsWith("ACK#")) {
                            acked.add(answered);
                        }
                        if (answered == v) {
                            break;
                        }
                    }
                } catch (SocketTimeoutException e) {
                    // no answer: the daemon is down or was killed before acknowledging; never resent
                }
                v++;
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Pushes 0 .. n-1, one at a time, each of which must be acknowledged. */
    private static void pushAcknowledged(int port, int n) throws IOException {
        try (DatagramSocket udp = new DatagramSocket()) {
            udp.setSoTimeout(5000);
            for (int i = 0; i < n; i++) {
                send(udp, port, i);
                assertEquals("ACK#{'v': " + i + "}", receive(udp), "push " + i + " acknowledged");
            }
        }
    }

    private static void send(DatagramSocket udp, int port, long value) throws IOException {
        byte[] req = ("json_wn#{\"v\": " + value + "}").getBytes(StandardCharsets.UTF_8);
        udp.send(new DatagramPacket(req, req.length, InetAddress.getLoopbackAddress(), port));
    }

    private static List<Long> range(long n) {
        List<Long> values = new ArrayList<>();
        for (long i = 0; i < n; i++) {
            values.add(i);
        }
        return values;
    }

    private static String receive(DatagramSocket udp) throws IOException {
        byte[] buf = new byte[2048];
        DatagramPacket reply = new DatagramPacket(buf, buf.length);
        udp.receive(reply);
        return new String(reply.getData(), 0, reply.getLength(), StandardCharsets.UTF_8);
    }

    private static long number(String text) {
        Matcher m = NUMBER.matcher(text);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    /** Polls the metrics socket until the spool reports no record waiting for delivery. */
    private static void awaitSpoolEmpty(int metricsPort) throws Exception {
        Pattern pending = Pattern.compile("\"labbridge\\.spool\\.pending\\.records\\|spool=up\": \\[[^,\\]]+, ([0-9.eE+-]+)\\]");
        Udp.await(metricsPort, "json_wn", reply -> {
            Matcher m = pending.matcher(reply);
            return m.find() && Double.parseDouble(m.group(1)) == 0;
        }, Duration.ofSeconds(60));
    }

    private static void awaitCondition(BooleanSupplier done, Duration timeout, java.util.function.Supplier<String> why)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout.toSeconds() + " s: " + why.get());
            }
            Thread.sleep(20); // poll interval of a poll-with-deadline
        }
    }

    /** Starts the uplink on the held port (both sockets reuse the address; the hold never listens), then lets go of the hold. */
    private Peer startPeer(Ports ports) throws IOException {
        Peer peer = new Peer(ports.uplink());
        closeables.add(peer);
        ports.uplinkHold().close();
        return peer;
    }

    /** The uplink: a TCP server taking 0x17-delimited JSON {"v": n} frames, on every connection it accepts. */
    private static final class Peer implements AutoCloseable {
        private final ServerSocket server = new ServerSocket();
        private final List<Long> values = new CopyOnWriteArrayList<>();
        private final List<Thread> readers = new CopyOnWriteArrayList<>();

        Peer(int port) throws IOException {
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            Thread acceptor = new Thread(this::accept, "peer-accept");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        private void accept() {
            try {
                while (true) {
                    Socket s = server.accept();
                    Thread t = new Thread(() -> read(s), "peer-read");
                    t.setDaemon(true);
                    readers.add(t);
                    t.start();
                }
            } catch (IOException closed) {
                // the test closed the server
            }
        }

        private void read(Socket socket) {
            try (socket; InputStream in = socket.getInputStream()) {
                ByteArrayOutputStream frame = new ByteArrayOutputStream();
                byte[] buf = new byte[8192];
                int n;
                while ((n = in.read(buf)) != -1) {
                    for (int i = 0; i < n; i++) {
                        if (buf[i] == 0x17) {
                            values.add(number(frame.toString(StandardCharsets.UTF_8)));
                            frame.reset();
                        } else {
                            frame.write(buf[i]);
                        }
                    }
                }
            } catch (IOException e) {
                // the daemon went away: what was read counts
            }
        }

        List<Long> values() {
            return List.copyOf(values);
        }

        Set<Long> valueSet() {
            return new HashSet<>(values);
        }

        /** Waits until every connection was closed by the daemon (so all it sent was read). */
        void awaitClosed() throws InterruptedException {
            for (Thread t : readers) {
                t.join(TimeUnit.SECONDS.toMillis(10));
                assertTrue(!t.isAlive(), "the daemon's connection was not closed");
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
