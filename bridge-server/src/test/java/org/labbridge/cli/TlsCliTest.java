package org.labbridge.cli;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.labbridge.bridge.BridgeServer;
import org.labbridge.codec.message.BridgeMessage;
import org.labbridge.testing.TestCertificates;
import org.labbridge.testing.TestCertificates.Issued;
import org.labbridge.tls.ClientAuth;
import org.labbridge.tls.ReloadableSslContext;
import org.labbridge.tls.TlsServerConfig;
import org.labbridge.tls.TlsSettings;
import org.labbridge.transport.Transport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * TLS on the command line: {@code check} reports unusable certificate files with the config path, and
 * {@code send}/{@code listen} speak TLS to a bridge server with client certificates.
 */
@Timeout(60)
class TlsCliTest {

    @TempDir
    Path dir;
    private TestCertificates certs;
    private Issued server;
    @RegisterExtension
    final ConsoleCapture console = new ConsoleCapture();

    @BeforeEach
    void setUp() throws Exception {
        certs = TestCertificates.create(dir);
        server = certs.issue("server");
    }

    private String err() {
        return console.err();
    }

    /** {@code check -c} on a config with one TLS bridge server (and a client); returns the exit code. */
    private int check(String serverTls) throws Exception {
        Path config = dir.resolve("labbridge-" + System.nanoTime() + ".yaml");
        Files.writeString(config, """
                metrics: {enabled: false}
                nodes:
                  - kind: bridge-server
                    name: central
                    port: 45999
                    tls: %s
                  - kind: bridge-client
                    name: uplink
                    connect: "127.0.0.1:45998"
                    tls: {ca: %s}
                connections:
                  - {from: central, to: uplink}
                """.formatted(serverTls, certs.ca()));
        console.reset();
        return LabbridgeMain.execute("check", "-c", config.toString());
    }

    @Test
    void checkAcceptsUsableFilesAndNamesEachProblemWithItsConfigPath() throws Exception {
        assertEquals(ExitCodes.OK, check("{cert: %s, key: %s, ca: %s, client_auth: require}"
                .formatted(server.cert(), server.key(), certs.ca())), err());

        Path encrypted = certs.encryptedKey(server, "right");
        Path password = dir.resolve("pass");
        Files.writeString(password, "wrong\n");
        assertEquals(ExitCodes.USAGE, check("{cert: %s, key: %s, key_password_file: %s}"
                .formatted(server.cert(), encrypted, password)));
        assertTrue(err().contains(": nodes[0].tls.key: " + encrypted + ": cannot decrypt the key: wrong password"
                + " (key_password_file " + password + ")"), err());
        assertTrue(err().startsWith(dir.toString()), "the config file comes first: " + err());

        Issued other = certs.issue("other");
        assertEquals(ExitCodes.USAGE, check("{cert: %s, key: %s}".formatted(server.cert(), other.key())));
        assertTrue(err().contains("nodes[0].tls.key: " + other.key() + " does not match cert " + server.cert()), err());

        Issued expired = certs.issue("expired", -1, "IP:127.0.0.1");
        assertEquals(ExitCodes.USAGE, check("{cert: %s, key: %s}".formatted(expired.cert(), expired.key())));
        assertTrue(err().contains("nodes[0].tls.cert: " + expired.cert() + ": the certificate CN=expired expired on"),
                err());

        Path missing = dir.resolve("missing.pem");
        assertEquals(ExitCodes.USAGE, check("{cert: %s, key: %s}".formatted(missing, server.key())));
        assertTrue(err().contains("nodes[0].tls.cert: " + missing + ": no such file"), err());

        assertEquals(ExitCodes.USAGE, check("{cert: %s, key: %s, client_auth: require}"
                .formatted(server.cert(), server.key())));
        assertTrue(err().contains("nodes[0].tls: client_auth: require needs ca"), err());
    }

    @Test
    void anMqttNodesTlsFilesAreCheckedLikeTheBridges() throws Exception {
        Path config = dir.resolve("mqtt-" + System.nanoTime() + ".yaml");
        Issued other = certs.issue("other-mqtt");
        Files.writeString(config, """
                metrics: {enabled: false}
                nodes:
                  - {kind: push, name: in, port: 45997}
                  - kind: mqtt-publish
                    name: up
                    broker: "127.0.0.1:8883"
                    tls: {ca: %s, cert: %s, key: %s}
                connections:
                  - {from: in, to: up}
                """.formatted(certs.ca(), server.cert(), other.key()));
        assertEquals(ExitCodes.USAGE, LabbridgeMain.execute("check", "-c", config.toString()));
        assertTrue(err().contains("nodes[1].tls.key: " + other.key() + " does not match cert " + server.cert()), err());
    }

    @Test
    void sendAndListenSpeakTlsWithAClientCertificate() throws Exception {
        Issued client = certs.issue("client");
        ConcurrentLinkedQueue<BridgeMessage> sunk = new ConcurrentLinkedQueue<>();
        try (Transport transport = Transport.create("tls-cli", 1, true);
             ReloadableSslContext tls = ReloadableSslContext.load("server", new TlsServerConfig(
                     server.cert().toString(), server.key().toString(), null, null, certs.ca().toString(),
                     ClientAuth.REQUIRE, TlsSettings.SUPPORTED_PROTOCOLS, Duration.ZERO));
             BridgeServer bridge = BridgeServer.builder().transport(transport).port(0).tls(tls)
                     .meterRegistry(new SimpleMeterRegistry()).sink(sunk::add).build().start()) {
            String target = ":" + bridge.localAddress().getPort();
            assertEquals(ExitCodes.OK, LabbridgeMain.execute("send", target, "--tls-ca", certs.ca().toString(),
                    "--tls-cert", client.cert().toString(), "--tls-key", client.key().toString(),
                    "{\"t\": 21.5}"), err());
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (sunk.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(5); // poll interval of a poll-with-deadline
            }
            assertEquals("{\"t\": 21.5}", sunk.peek().text());

            while (bridge.connectionCount() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(5); // the sender's connection is gone: the next one is the listener's
            }
            Thread publisher = new Thread(() -> {
                while (bridge.connectionCount() == 0) {
                    Thread.onSpinWait();
                }
                bridge.publish(java.util.Map.of("p", 1013.2));
            });
            publisher.setDaemon(true);
            publisher.start();
            assertEquals(ExitCodes.OK, LabbridgeMain.execute("listen", target, "--count", "1", "--tls-ca",
                    certs.ca().toString(), "--tls-cert", client.cert().toString(), "--tls-key",
                    client.key().toString()), err());
            assertEquals("{\"p\":1013.2}", console.out().trim());

            // unusable options are refused before connecting, naming the option
            console.reset();
            assertEquals(ExitCodes.USAGE, LabbridgeMain.execute("send", target, "--tls-key",
                    dir.resolve("nope.key").toString(), "{}"));
            assertTrue(err().contains("--tls-key is set but --tls-cert is not"), err());
            console.reset();
            assertEquals(ExitCodes.USAGE, LabbridgeMain.execute("send", target, "--tls-ca",
                    dir.resolve("nope.pem").toString(), "{}"));
            assertTrue(err().contains("--tls-ca: " + dir.resolve("nope.pem") + ": no such file"), err());
        }
    }
}
