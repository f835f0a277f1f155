package org.labbridge.mqtt;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labbridge.testing.TestCertificates;
import org.labbridge.tls.TlsClientConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code tls:} block of an MQTT node is the bridge client's ({@link TlsClientConfig}), read by the same
 * loader; the handshake itself is shown against Mosquitto in MqttMosquittoIT.
 */
class MqttTlsTest {

    private static TlsClientConfig tls(Path cert, Path key, String passwordEnv, Path ca, boolean verifyHostname,
                                       List<String> protocols) {
        return new TlsClientConfig(cert == null ? null : cert.toString(), key == null ? null : key.toString(), null,
                passwordEnv, ca == null ? null : ca.toString(), verifyHostname, true, null, protocols, Duration.ZERO);
    }

    @Test
    void aClientCertificateAndTheCaAreLoadedForHiveMq(@TempDir Path dir) throws Exception {
        TestCertificates.requireOpenssl();
        TestCertificates certs = TestCertificates.create(dir);
        TestCertificates.Issued client = certs.issue("client");
        var ssl = MqttTls.sslConfig(tls(client.cert(), client.key(), null, certs.ca(), true,
                TlsClientConfig.SUPPORTED_PROTOCOLS));
        assertTrue(ssl.getKeyManagerFactory().isPresent(), "the client certificate is offered");
        assertTrue(ssl.getTrustManagerFactory().isPresent(), "the broker is verified against ca");
    }

    @Test
    void unusableFilesAreNamed(@TempDir Path dir) throws Exception {
        Path garbage = Files.writeString(dir.resolve("ca.pem"), "not a certificate\n");
        String m = assertThrows(IOException.class, () -> MqttTls.sslConfig(
                tls(null, null, null, garbage, true, TlsClientConfig.SUPPORTED_PROTOCOLS))).getMessage();
        assertTrue(m.contains("ca") && m.contains("ca.pem"), m);

        Path missing = dir.resolve("absent.pem");
        m = assertThrows(IOException.class, () -> MqttTls.sslConfig(
                tls(null, null, null, missing, true, TlsClientConfig.SUPPORTED_PROTOCOLS))).getMessage();
        assertTrue(m.contains("absent.pem"), m);
    }

    @Test
    void withoutFilesTheJvmTrustStoreAndHostnameChecksApply() throws Exception {
        var ssl = MqttTls.sslConfig(tls(null, null, null, null, true, List.of("TLSv1.3")));
        assertTrue(ssl.getTrustManagerFactory().isEmpty(), "the JVM's default trust store");
        assertTrue(ssl.getHostnameVerifier().isEmpty(), "HiveMQ's HTTPS name check");
        assertEquals(List.of("TLSv1.3"), ssl.getProtocols().orElseThrow());
        var lax = MqttTls.sslConfig(tls(null, null, null, null, false, TlsClientConfig.SUPPORTED_PROTOCOLS));
        assertNotNull(lax.getHostnameVerifier().orElseThrow());
    }

    @Test
    void theBlockIsCheckedWhenTheConfigurationIsRead() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> tls(Path.of("c.pem"), null, null, null, true,
                TlsClientConfig.SUPPORTED_PROTOCOLS)).getMessage().contains("key"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> tls(null, null, null, null, true,
                List.of("TLSv1.1"))).getMessage().contains("TLSv1.1"));
    }
}
