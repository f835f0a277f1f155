package org.labbridge.bridge;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.labbridge.client.bridge.BridgeClient;
import org.labbridge.codec.message.BridgeMessage;
import org.labbridge.testing.TestCertificates;
import org.labbridge.testing.TestCertificates.Issued;
import org.labbridge.tls.ClientAuth;
import org.labbridge.tls.ReloadableSslContext;
import org.labbridge.tls.TlsClientConfig;
import org.labbridge.tls.TlsServerConfig;
import org.labbridge.tls.TlsSettings;
import org.labbridge.transport.Transport;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bridge with TLS on real loopback sockets, certificates made by openssl: both directions through a
 * handshake with client certificates, refusals (no client certificate under {@code require}, a server
 * certificate for another name), and a certificate reload that new connections see while an established
 * one keeps flowing.
 */
@Timeout(60)
class BridgeTlsTest {

    @TempDir
    Path dir;
    private LoopbackFixture fixture;
    private Transport transport;
    private TestCertificates certs;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ConcurrentLinkedQueue<BridgeMessage> sunk = new ConcurrentLinkedQueue<>();

    @BeforeEach
    void setUp() throws Exception {
        certs = TestCertificates.create(dir);
        fixture = new LoopbackFixture();
        transport = fixture.transport();
    }

    @AfterEach
    void tearDown() throws Exception {
        fixture.close();
    }

    private static TlsServerConfig serverTls(Issued issued, ClientAuth auth, Path ca) {
        return new TlsServerConfig(issued.cert().toString(), issued.key().toString(), null, null,
                ca == null ? null : ca.toString(), auth, TlsSettings.SUPPORTED_PROTOCOLS, Duration.ZERO);
    }

    private TlsClientConfig clientTls(Issued own, boolean verifyHostname, String serverName) {
        return new TlsClientConfig(own == null ? null : own.cert().toString(), own == null ? null : own.key().toString(),
                null, null, certs.ca().toString(), verifyHostname, true, serverName, TlsSettings.SUPPORTED_PROTOCOLS,
                Duration.ZERO);
    }

    private ReloadableSslContext context(String name, TlsSettings settings) throws Exception {
        return fixture.track(ReloadableSslContext.load(name, settings));
    }

    private BridgeServer server(ReloadableSslContext tls) {
        return fixture.track(BridgeServer.builder().transport(transport).port(0).meterRegistry(registry)
                .tls(tls).sink(sunk::add).build().start());
    }

    private BridgeClient client(BridgeServer server, ReloadableSslContext tls, List<BridgeMessage> inbox) {
        BridgeClient c = BridgeClient.builder("127.0.0.1", server.localAddress().getPort()).transport(transport)
                .meterRegistry(new SimpleMeterRegistry()).tls(tls).build();
        c.subscribe(inbox::add);
        fixture.track(c);
        return c.start();
    }

    @Test
    void messagesFlowBothWaysThroughAMutuallyAuthenticatedHandshake() throws Exception {
        ReloadableSslContext serverTls = context("server", serverTls(certs.issue("server"), ClientAuth.REQUIRE, certs.ca()));
        BridgeServer server = server(serverTls);
        List<BridgeMessage> inbox = new CopyOnWriteArrayList<>();
        BridgeClient client = client(server, context("client", clientTls(certs.issue("client"), true, null)), inbox);
        assertTrue(client.awaitConnected(Duration.ofSeconds(10)));

        client.send(Map.of("t", 21.5));
        Await.until(() -> sunk.size() == 1, () -> "the server to get the message, got " + sunk);
        assertEquals("{\"t\":21.5}", sunk.peek().text());
        Await.until(() -> server.connectionCount() == 1, () -> "the client to count as connected");
        server.publish(Map.of("p", 1013.2));
        Await.until(() -> inbox.size() == 1, () -> "the client to get the published message");
        assertEquals("{\"p\":1013.2}", inbox.get(0).text());
        assertEquals(0, serverTls.handshakeFailures());
    }

    @Test
    void requireRefusesAClientWithoutACertificateAndNeverCountsItAsConnected() throws Exception {
        ReloadableSslContext serverTls = context("server", serverTls(certs.issue("server"), ClientAuth.REQUIRE, certs.ca()));
        BridgeServer server = server(serverTls);
        BridgeClient anonymous = client(server, context("anonymous", clientTls(null, true, null)), List.of());
        anonymous.send(Map.of("intruder", 1));
        Await.until(() -> serverTls.handshakeFailures() >= 1, () -> "the server to refuse the handshake");
        assertEquals(0, server.connectionCount(), "a refused client never reaches the bridge's handlers");
        assertEquals(0.0, registry.get("labbridge.bridge.connections.opened").tag("role", "server").counter().count());

        // a client with a certificate from another CA is refused as well
        TestCertificates otherCa = TestCertificates.create(Files.createDirectory(dir.resolve("other-ca")));
        Issued stranger = otherCa.issue("stranger");
        long before = serverTls.handshakeFailures();
        client(server, context("stranger", clientTls(stranger, true, null)), List.of()).send(Map.of("intruder", 2));
        Await.until(() -> serverTls.handshakeFailures() > before, () -> "the server to refuse the stranger");
        assertTrue(sunk.isEmpty(), "nothing from a refused client reached the sinks: " + sunk);
    }

    @Test
    void verifyHostnameRefusesACertificateForAnotherNameUnlessTurnedOffOrNamed() throws Exception {
        Issued elsewhere = certs.issue("elsewhere", 2, "DNS:elsewhere.example");
        BridgeServer server = server(context("server", serverTls(elsewhere, ClientAuth.NONE, null)));

        ReloadableSslContext checking = context("checking", clientTls(null, true, null));
        BridgeClient strict = client(server, checking, List.of());
        Await.until(() -> checking.handshakeFailures() >= 1, () -> "the client to refuse 127.0.0.1 != elsewhere.example");
        assertFalse(strict.isConnected(), "a client that refused the server's name is not connected");

        BridgeClient named = client(server, context("named", clientTls(null, true, "elsewhere.example")), List.of());
        assertTrue(named.awaitConnected(Duration.ofSeconds(10)), "server_name: the name the certificate has");
        BridgeClient lax = client(server, context("lax", clientTls(null, false, null)), List.of());
        assertTrue(lax.awaitConnected(Duration.ofSeconds(10)), "verify_hostname: false accepts the trusted certificate");
        assertFalse(strict.isConnected());
    }

    @Test
    void aReloadedCertificateServesNewConnectionsWhileAnEstablishedOneKeepsFlowing() throws Exception {
        Issued first = certs.issue("first");
        Issued second = certs.issue("second");
        Path cert = dir.resolve("live.pem");
        Path key = dir.resolve("live.key");
        Files.copy(first.cert(), cert);
        Files.copy(first.key(), key);
        ReloadableSslContext serverTls = context("server", serverTls(new Issued(cert, key), ClientAuth.NONE, null));
        BridgeServer server = server(serverTls);
        List<BridgeMessage> inbox = new CopyOnWriteArrayList<>();
        BridgeClient established = client(server, context("client", clientTls(null, true, null)), inbox);
        assertTrue(established.awaitConnected(Duration.ofSeconds(10)));
        assertEquals(serial(first.cert()), presentedSerial(server));

        Files.copy(second.key(), key, StandardCopyOption.REPLACE_EXISTING);
        Files.copy(second.cert(), cert, StandardCopyOption.REPLACE_EXISTING);
        assertTrue(serverTls.reloadIfChanged());
        assertEquals(serial(second.cert()), presentedSerial(server), "a new connection gets the new certificate");

        established.send(Map.of("after", "reload"));
        Await.until(() -> sunk.stream().anyMatch(m -> m.text().contains("after")), () -> "the old connection to deliver");
        server.publish(Map.of("to", "everyone"));
        Await.until(() -> inbox.size() == 1, () -> "the old connection to receive");
        assertTrue(established.isConnected());
    }

    @Test
    void closeDelimitedMessagesGoThroughTls() throws Exception {
        var framing = org.labbridge.codec.frame.FramingConfig.DEFAULT.withDelimiter(null);
        BridgeServer server = fixture.track(BridgeServer.builder().transport(transport).port(0).meterRegistry(registry)
                .framing(framing).tls(context("server", serverTls(certs.issue("server"), ClientAuth.NONE, null)))
                .sink(sunk::add).build().start());
        BridgeClient c = fixture.track(BridgeClient.builder("127.0.0.1", server.localAddress().getPort())
                .transport(transport).framing(framing).meterRegistry(new SimpleMeterRegistry())
                .tls(context("client", clientTls(null, true, null))).build().start());
        c.send(Map.of("one", 1));
        c.send(Map.of("two", 2));
        Await.until(() -> sunk.size() == 2, () -> "two close-delimited messages over TLS, got " + sunk);
        assertEquals(List.of("{\"one\":1}", "{\"two\":2}"), sunk.stream().map(BridgeMessage::text).toList());
    }

    /** The serial of the certificate the server presents to a new connection (a JDK socket trusting the CA). */
    private BigInteger presentedSerial(BridgeServer server) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        trust.setCertificateEntry("ca", load(certs.ca()));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        try (SSLSocket socket = (SSLSocket) ssl.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(),
                server.localAddress().getPort())) {
            socket.setSoTimeout(10_000);
            socket.startHandshake();
            return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber();
        }
    }

    private static BigInteger serial(Path cert) throws Exception {
        return load(cert).getSerialNumber();
    }

    private static X509Certificate load(Path cert) throws Exception {
        try (InputStream in = Files.newInputStream(cert)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }
}
