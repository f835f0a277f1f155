package org.labbridge.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile datagrams against the daemon as users run it (the distribution's launcher, its production
 * {@code -Xss512k}, a fresh JVM): issue 10's reproductions. Deeply nested JSON in a burst right after start
 * must not overflow a stack anywhere (push parsing, the ACK's repr, the pull replies, the bridge encoding);
 * a codename too long for a reply is refused with {@code ERROR#} and every pull keeps answering.
 */
class HostileInputIT {

    private static final Duration START = Duration.ofSeconds(20);
    private static final Duration REPLY = Duration.ofSeconds(5);

    private record Ports(int pull, int push, int bridge) {
    }

    private static Path config(Path dir, Ports p) throws Exception {
        Path config = dir.resolve("labbridge.yaml");
        Files.writeString(config, DaemonProcess.embeddedDefaultConfig(p.pull, p.push, p.bridge));
        return config;
    }

    private static Ports ports() {
        return new Ports(FreePorts.next(), FreePorts.next(), FreePorts.next());
    }

    /** {"v": [[[...]], 1]}: {@code depth} levels in all; the point (deep list, 1) reaches the pull socket. */
    static String deepPush(int depth) {
        int lists = depth - 2;
        return "json_wn#{\"v\": [" + "[".repeat(lists) + "]".repeat(lists) + ", 1]}";
    }

    @Test
    void aBurstOfDeeplyNestedPushesOnAColdDaemonOverflowsNoStack(@TempDir Path dir) throws Exception {
        Ports p = ports();
        try (DaemonProcess daemon = DaemonProcess.run(config(dir, p), START);
             Socket listener = new Socket(InetAddress.getLoopbackAddress(), p.bridge)) {
            // A bridge client makes the daemon encode every push for the bridge, too.
            daemon.awaitLog(line -> line.contains("bridge server bridge: client") && line.contains("connected ("),
                    Duration.ofSeconds(10));
            Thread drain = new Thread(() -> discard(listener), "bridge-drain");
            drain.setDaemon(true);
            drain.start();

            int sent = 600;
            List<String> replies = new ArrayList<>();
            try (DatagramSocket socket = new DatagramSocket()) {
                socket.setReceiveBufferSize(4 << 20);
                InetAddress lo = InetAddress.getLoopbackAddress();
                for (int i = 0; i < sent; i++) {
                    byte[] bytes = deepPush(900 + i % 91).getBytes(StandardCharsets.US_ASCII);
                    socket.send(new DatagramPacket(bytes, bytes.length, lo, p.push));
                }
                socket.setSoTimeout(3000); // the burst is over: replies still in flight come within this
                byte[] buf = new byte[65_536];
                while (replies.size() < sent) {
                    DatagramPacket reply = new DatagramPacket(buf, buf.length);
                    try {
                        socket.receive(reply);
                    } catch (SocketTimeoutException e) {
                        break; // the kernel may drop some of a burst: counted below, not an error
                    }
                    replies.add(new String(reply.getData(), 0, reply.getLength(), StandardCharsets.UTF_8));
                }
            }
            String log = String.join("\n", daemon.log());
            assertFalse(log.contains("StackOverflowError"), log);
            assertTrue(replies.size() >= sent / 2, replies.size() + " of " + sent + " pushes answered\n" + log);
            for (String r : replies) {
                assertTrue(r.startsWith("ACK#{'v': [[[[["), r.substring(0, Math.min(80, r.length())));
            }
            String pulled = Udp.request(p.pull, "v#json", REPLY);
            assertTrue(pulled.startsWith("[[[[[[") && pulled.endsWith("]]]]], 1]"), pulled.substring(0, 40));
            assertTrue(Udp.request(p.pull, "raw_wn", REPLY).startsWith("v:[[[["));
            assertEquals("ACK#{'t': 1}", Udp.request(p.push, "json_wn#{\"t\": 1}", REPLY), "still serving");
            System.out.println("HostileInputIT: " + replies.size() + " of " + sent + " deep pushes answered ACK#");
        }
    }

    @Test
    void aCodenameTooLongForAReplyIsRefusedAndPullsKeepAnswering(@TempDir Path dir) throws Exception {
        Ports p = ports();
        try (DaemonProcess daemon = DaemonProcess.run(config(dir, p), START)) {
            assertEquals("ACK#{'t': 21.5}", Udp.request(p.push, "json_wn#{\"t\": 21.5}", REPLY));
            String hostile = "json_wn#{\"" + "x".repeat(65_480) + "\": 1}";
            String refused = Udp.request(p.push, hostile, REPLY);
            assertEquals("ERROR#The codename '" + "x".repeat(37) + "...' has 65480 characters; at most 255 are "
                    + "allowed; the message was not stored", refused);
            int answered = 1;
            try (DatagramSocket socket = new DatagramSocket()) {
                socket.setSoTimeout(5000);
                byte[] bytes = hostile.getBytes(StandardCharsets.US_ASCII);
                byte[] buf = new byte[65_536];
                for (int i = 1; i < 1000; i++) { // one at a time: each is answered, none is stored
                    socket.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), p.push));
                    DatagramPacket reply = new DatagramPacket(buf, buf.length);
                    socket.receive(reply);
                    assertTrue(new String(buf, 0, reply.getLength(), StandardCharsets.UTF_8).startsWith("ERROR#"));
                    answered++;
                }
            }
            assertEquals(1000, answered);
            // Stored, a thousand of them would hold 65+ MB: the daemon's -Xmx96m heap would run out (the issue
            // saw OutOfMemoryError at 128 MiB).
            String log = String.join("\n", daemon.log());
            assertFalse(log.contains("OutOfMemoryError"), log);
            for (String command : List.of("json_wn", "raw_wn", "codenames_json", "codenames_raw", "raw", "json")) {
                String reply = Udp.request(p.pull, command, REPLY);
                assertFalse(reply.startsWith("ERROR#"), command + ": " + reply);
                assertTrue(reply.length() < 100, command + ": " + reply);
            }
            assertEquals("[\"t\"]", Udp.request(p.pull, "codenames_json", REPLY));
            long warnings = daemon.log().stream().filter(l -> l.contains("push refused")).count();
            assertTrue(warnings <= 4, "refusals are logged at the 1st, 10th, 100th, 1000th: " + warnings);
        }
    }

    private static void discard(Socket socket) {
        byte[] buf = new byte[65_536];
        try (InputStream in = socket.getInputStream()) {
            while (in.read(buf) >= 0) {
                // a bridge client that keeps up: what it reads does not matter here
            }
        } catch (java.io.IOException e) {
            // the daemon stopped
        }
    }
}
