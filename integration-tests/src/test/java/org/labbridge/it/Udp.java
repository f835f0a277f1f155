package org.labbridge.it;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** One-shot UDP request/reply on 127.0.0.1, as a PyExpLabSys client does it. */
public final class Udp {
    private Udp() {
    }

    /** Sends {@code request} and returns the reply as UTF-8 text; throws on timeout. */
    public static String request(int port, String request, Duration timeout) throws IOException {
        return request(null, port, request, timeout);
    }

    /**
     * {@link #request(int, String, Duration)} sent from {@code source} (null: any local address), e.g.
     * 127.0.0.2 as a stranger: Linux routes all of 127/8 to the loopback interface.
     */
    public static String request(InetAddress source, int port, String request, Duration timeout) throws IOException {
        try (DatagramSocket socket = source == null ? new DatagramSocket()
                : new DatagramSocket(new java.net.InetSocketAddress(source, 0))) {
            socket.setSoTimeout((int) timeout.toMillis());
            byte[] bytes = request.getBytes(StandardCharsets.UTF_8);
            socket.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), port));
            byte[] buf = new byte[65_536];
            DatagramPacket reply = new DatagramPacket(buf, buf.length);
            socket.receive(reply);
            return new String(reply.getData(), 0, reply.getLength(), StandardCharsets.UTF_8);
        }
    }

    /** Repeats {@link #request} until {@code accept} likes the reply or the deadline passes. */
    public static String await(int port, String request, java.util.function.Predicate<String> accept,
                               Duration deadline) throws IOException, InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        String last = null;
        while (System.nanoTime() < end) {
            try {
                last = request(port, request, Duration.ofMillis(500));
                if (accept.test(last)) {
                    return last;
                }
            } catch (SocketTimeoutException e) {
                last = "(timeout)";
            }
            Thread.sleep(50); // poll interval of a poll-with-deadline
        }
        throw new AssertionError("no acceptable reply to '" + request + "' on port " + port + " within "
                + deadline.toMillis() + " ms; last reply: " + last);
    }
}
