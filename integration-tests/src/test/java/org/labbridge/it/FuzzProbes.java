package org.labbridge.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Valid requests interleaved with the fuzz: a push of a known value ({@code probe}) followed by a pull that
 * must return it, and every tenth round the same through a bridge connection ({@code probe_bridge}). A
 * request without any reply within its timeout is a kernel drop (the socket's receive buffer was full),
 * counted apart; a reply that is wrong is a failure.
 */
final class FuzzProbes implements Runnable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int TIMEOUT_MS = 500;
    /** How long a pull may show an older value after the ACK (routing to the pull node is asynchronous). */
    private static final long SETTLE_NANOS = 2_000_000_000L;

    /** At most one round per 20 ms: 50 probes a second. */
    private static final long PERIOD_NANOS = 20_000_000L;

    private final int push;
    private final int pull;
    private final int bridge;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<String> wrong = new CopyOnWriteArrayList<>();
    private volatile long rounds;
    private volatile long answered;
    private volatile long correct;
    private volatile long dropped;
    /** Probe values all have 7 digits: a full state (in bytes) must not refuse a probe for growing by a digit. */
    private long value = 1_000_000;

    FuzzProbes(int push, int pull, int bridge) {
        this.push = push;
        this.pull = pull;
        this.bridge = bridge;
    }

    @Override
    public void run() {
        try {
            runRounds(running::get);
        } catch (IOException e) {
            wrong.add("probe socket failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Runs {@code n} rounds (the warm-up); only a wrong answer of theirs is kept, the counts start afresh. */
    void warmUp(int n) throws IOException, InterruptedException {
        int[] left = {n};
        runRounds(() -> left[0]-- > 0);
        rounds = 0;
        answered = 0;
        correct = 0;
        dropped = 0;
    }

    private void runRounds(java.util.function.BooleanSupplier more) throws IOException, InterruptedException {
        try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
             Socket tcp = new Socket(InetAddress.getLoopbackAddress(), bridge)) {
            udp.setSoTimeout(TIMEOUT_MS);
            Thread drain = drain(tcp.getInputStream()); // the bridge fans every push out to us: keep reading
            long next = System.nanoTime();
            while (more.getAsBoolean()) {
                round(udp, tcp.getOutputStream());
                next += PERIOD_NANOS;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000)); // probes sample, they are no load
                } else {
                    next = System.nanoTime();
                }
            }
            drain.interrupt();
        }
    }

    void stop() {
        running.set(false);
    }

    long rounds() {
        return rounds;
    }

    long answered() {
        return answered;
    }

    long correct() {
        return correct;
    }

    long dropped() {
        return dropped;
    }

    List<String> wrong() {
        return wrong;
    }

    private void round(DatagramSocket udp, OutputStream bridgeOut) throws IOException {
        long v = ++value;
        rounds++;
        boolean viaBridge = rounds % 10 == 0;
        String codename = viaBridge ? "probe_bridge" : "probe";
        if (viaBridge) {
            bridgeOut.write(("{\"probe_bridge\": " + v + "}\u0017").getBytes(StandardCharsets.UTF_8));
            bridgeOut.flush();
        } else {
            String expected = "ACK#{'probe': " + v + "}";
            String ack = request(udp, push, "json_wn#{\"probe\": " + v + "}",
                    r -> r.startsWith("ACK#{'probe': ") && !r.equals(expected)); // a late ACK of an earlier probe
            if (ack == null) {
                dropped++;
                return;
            }
            if (!ack.equals(expected)) {
                answered++;
                wrong.add("push of probe=" + v + " answered " + abbreviate(ack));
                return;
            }
        }
        long deadline = System.nanoTime() + SETTLE_NANOS;
        String last = null;
        while (true) {
            String reply = request(udp, pull, codename + "#json", r -> false);
            if (reply != null) {
                last = reply;
                if (value(reply) == v) {
                    answered++;
                    correct++;
                    return;
                }
            }
            if (System.nanoTime() > deadline) {
                break;
            }
        }
        if (last == null) {
            dropped++;
        } else {
            answered++;
            wrong.add(codename + "=" + v + " pushed, pull answered " + abbreviate(last));
        }
    }

    private static long value(String reply) {
        try {
            JsonNode point = JSON.readTree(reply);
            return point.isArray() && point.size() == 2 && point.get(1).canConvertToLong() ? point.get(1).asLong() : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    /** Sends {@code text}; returns the first reply from {@code port} that is not {@code stale}, or null. */
    private static String request(DatagramSocket udp, int port, String text,
                                  java.util.function.Predicate<String> stale) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        udp.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), port));
        byte[] buf = new byte[HostileInput.UDP_MAX + 1];
        DatagramPacket reply = new DatagramPacket(buf, buf.length);
        long deadline = System.nanoTime() + TIMEOUT_MS * 1_000_000L;
        while (true) {
            try {
                udp.receive(reply);
            } catch (SocketTimeoutException e) {
                return null;
            }
            // a late reply to an earlier request of ours comes from the other port, or is stale: skip it
            if (reply.getPort() == port) {
                String answer = new String(buf, 0, reply.getLength(), StandardCharsets.UTF_8);
                if (!stale.test(answer)) {
                    return answer;
                }
            }
            if (System.nanoTime() > deadline) {
                return null;
            }
        }
    }

    private static Thread drain(InputStream in) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[64 * 1024];
            try {
                while (in.read(buf) >= 0) {
                    // discard: only the flow matters
                }
            } catch (IOException closed) {
                // the socket was closed at the end
            }
        }, "fuzz-probe-drain");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "... (" + s.length() + " chars)";
    }
}
