package org.labbridge.it;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.labbridge.testing.TestCertificates;
import org.labbridge.testing.TestCertificates.Issued;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The daemon's TLS bridge server against the real {@code openssl s_client}: a JSON message + 0x17 typed
 * into s_client arrives on a pull socket; a client without a certificate is refused under
 * {@code client_auth: require}; after the certificate files are swapped and the daemon gets {@code SIGHUP},
 * a new s_client sees the new certificate while the s_client connected before keeps delivering. And the
 * daemon's TLS bridge client against {@code openssl s_server} requiring its certificate, both ways.
 */
@Timeout(120)
class TlsOpensslIT {

    private static final Duration START = Duration.ofSeconds(20);
    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void tearDown() throws InterruptedException {
        for (Process p : processes) {
            p.destroyForcibly();
            p.waitFor(5, TimeUnit.SECONDS);
        }
    }

    /** {@code openssl s_client} to the daemon, output to a file; stdin stays open for the test to write. */
    private Process sClient(Path dir, String name, int port, Path ca, Issued own) throws IOException {
        List<String> command = new ArrayList<>(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + port,
                "-CAfile", ca.toString(), "-verify_return_error", "-verify_ip", "127.0.0.1", "-brief", "-ign_eof"));
        if (own != null) {
            command.addAll(List.of("-cert", own.cert().toString(), "-key", own.key().toString()));
        }
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".out").toFile()).start();
        processes.add(p);
        return p;
    }

    private static String output(Path dir, String name) throws IOException {
        return Files.readString(dir.resolve(name + ".out"), StandardCharsets.UTF_8);
    }

    /** Waits until s_client printed its handshake summary (-brief: "CONNECTION ESTABLISHED"). */
    private static String awaitHandshake(Path dir, String name, Process p) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            String out = output(dir, name);
            if (out.contains("Peer certificate:") && out.contains("Verification: OK")) {
                return out;
            }
            assertTrue(p.isAlive() && System.nanoTime() < deadline, "s_client " + name + " did not connect:\n" + out);
            Thread.sleep(20); // poll interval of a poll-with-deadline
        }
    }

    private static void send(Process sClient, String json) throws IOException {
        OutputStream in = sClient.getOutputStream();
        in.write((json + "\u0017").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    @Test
    void opensslSClientSendsThroughTheTlsBridgeAndSighupReloadsTheCertificate(@TempDir Path dir) throws Exception {
        TestCertificates certs = TestCertificates.create(dir);
        Issued first = certs.issue("first");
        Issued second = certs.issue("second");
        Issued client = certs.issue("client");
        Path cert = dir.resolve("server.pem");
        Path key = dir.resolve("server.key");
        Files.copy(first.cert(), cert);
        Files.copy(first.key(), key);

        int pull = FreePorts.next();
        int bridge = FreePorts.next();
        Path config = dir.resolve("labbridge.yaml");
        Files.writeString(config, """
                metrics: {enabled: false}
                http: {enabled: false}
                nodes:
                  - {kind: date-pull, name: readings, port: %d, codenames: auto}
                  - kind: bridge-server
                    name: secure
                    port: %d
                    tls: {cert: %s, key: %s, ca: %s, client_auth: require, reload_interval: 0}
                connections:
                  - {from: secure, to: readings}
                """.formatted(pull, bridge, cert, key, certs.ca()));
        try (DaemonProcess daemon = DaemonProcess.run(config, START)) {
            Process old = sClient(dir, "old", bridge, certs.ca(), client);
            assertTrue(awaitHandshake(dir, "old", old).contains("CN = first"), output(dir, "old"));
            send(old, "{\"t\": [1.5, 21.5]}");
            assertEquals("[1.5, 21.5]", Udp.await(pull, "t#json", r -> r.startsWith("["), Duration.ofSeconds(10)));

            // no client certificate: refused under client_auth: require, and what it sent never arrives
            Process anonymous = sClient(dir, "anonymous", bridge, certs.ca(), null);
            send(anonymous, "{\"intruder\": [1.0, 1.0]}");
            daemon.awaitLog(l -> l.contains("bridge server secure: TLS handshake with") && l.contains("failed"),
                    Duration.ofSeconds(20));
            assertTrue(anonymous.waitFor(20, TimeUnit.SECONDS), "the refused s_client was disconnected");

            Files.copy(second.key(), key, StandardCopyOption.REPLACE_EXISTING);
            Files.copy(second.cert(), cert, StandardCopyOption.REPLACE_EXISTING);
            Process hup = new ProcessBuilder("kill", "-HUP", Long.toString(daemon.pid())).start();
            assertEquals(0, hup.waitFor());
            daemon.awaitLog(l -> l.contains("TLS reloaded: new connections use CN=second"), Duration.ofSeconds(20));

            Process fresh = sClient(dir, "fresh", bridge, certs.ca(), client);
            assertTrue(awaitHandshake(dir, "fresh", fresh).contains("CN = second"), output(dir, "fresh"));
            send(fresh, "{\"n\": [2.5, 1.0]}");
            assertEquals("[2.5, 1.0]", Udp.await(pull, "n#json", r -> r.startsWith("["), Duration.ofSeconds(10)));

            assertTrue(old.isAlive(), "the connection made before the reload is still open");
            send(old, "{\"t\": [3.5, 22.5]}");
            assertEquals("[3.5, 22.5]", Udp.await(pull, "t#json", r -> r.startsWith("[3.5"), Duration.ofSeconds(10)));
            assertEquals("UNKNOWN_COMMMAND", Udp.request(pull, "intruder#json", Duration.ofSeconds(5)),
                    "nothing from the refused client reached the pull socket");
            assertEquals(0, daemon.terminate(Duration.ofSeconds(15)), String.join("\n", daemon.log()));
        }
    }

    @Test
    void theDaemonsTlsBridgeClientTalksBothWaysWithOpensslSServerRequiringItsCertificate(@TempDir Path dir)
            throws Exception {
        TestCertificates certs = TestCertificates.create(dir);
        Issued server = certs.issue("server");
        Issued client = certs.issue("client");
        int push = FreePorts.next();
        int pull = FreePorts.next();
        int peer = FreePorts.next();
        Path received = dir.resolve("s_server.out");
        Process sServer = new ProcessBuilder("openssl", "s_server", "-accept", "127.0.0.1:" + peer,
                "-cert", server.cert().toString(), "-key", server.key().toString(), "-CAfile", certs.ca().toString(),
                "-Verify", "1", "-verify_return_error", "-quiet")
                .redirectErrorStream(true).redirectOutput(received.toFile()).start();
        processes.add(sServer);
        Path config = dir.resolve("labbridge.yaml");
        Files.writeString(config, """
                metrics: {enabled: false}
                http: {enabled: false}
                nodes:
                  - {kind: push, name: input, port: %d}
                  - {kind: date-pull, name: readings, port: %d, codenames: auto}
                  - kind: bridge-client
                    name: uplink
                    connect: "127.0.0.1:%d"
                    backoff_max: 500ms
                    tls: {ca: %s, cert: %s, key: %s}
                connections:
                  - {from: input, to: uplink}
                  - {from: uplink, to: readings}
                """.formatted(push, pull, peer, certs.ca(), client.cert(), client.key()));
        try (DaemonProcess daemon = DaemonProcess.run(config, START)) {
            daemon.awaitLog(l -> l.contains("bridge client uplink -> 127.0.0.1:" + peer + ": connected"),
                    Duration.ofSeconds(30));
            assertEquals("ACK#{'t': 21.5}", Udp.request(push, "json_wn#{\"t\": 21.5}", Duration.ofSeconds(5)));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!Files.readString(received).contains("{\"t\":21.5}\u0017")) {
                assertTrue(System.nanoTime() < deadline, "s_server did not get the message:\n" + Files.readString(received)
                        + "\n" + String.join("\n", daemon.log()));
                Thread.sleep(20); // poll interval of a poll-with-deadline
            }
            send(sServer, "{\"u\": [1.5, 2.5]}");
            assertEquals("[1.5, 2.5]", Udp.await(pull, "u#json", r -> r.startsWith("["), Duration.ofSeconds(10)));
            assertEquals(0, daemon.terminate(Duration.ofSeconds(15)), String.join("\n", daemon.log()));
        }
    }
}
