package org.labbridge.mqtt;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labbridge.daemon.config.MqttTlsConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code tls:} block's checks and files; the handshake itself is shown against Mosquitto in MqttMosquittoIT. */
class MqttTlsTest {

    private static Path pem(Path dir, String name, String type, byte[] der) throws IOException {
        String body = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der);
        return Files.writeString(dir.resolve(name), "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n");
    }

    @Test
    void pkcs8KeysOfTheUsualAlgorithmsAreRead(@TempDir Path dir) throws Exception {
        for (String algorithm : List.of("RSA", "EC", "Ed25519")) {
            PrivateKey key = KeyPairGenerator.getInstance(algorithm).generateKeyPair().getPrivate();
            Path file = pem(dir, algorithm + ".key", "PRIVATE KEY", key.getEncoded());
            assertEquals(key, MqttTls.privateKey(file.toString()), algorithm);
        }
    }

    @Test
    void unusableFilesAreNamedWithWhatToDo(@TempDir Path dir) throws Exception {
        byte[] der = KeyPairGenerator.getInstance("RSA").generateKeyPair().getPrivate().getEncoded();
        Path pkcs1 = pem(dir, "old.key", "RSA PRIVATE KEY", der);
        String m = assertThrows(IOException.class, () -> MqttTls.privateKey(pkcs1.toString())).getMessage();
        assertTrue(m.contains("old.key") && m.contains("openssl pkcs8 -topk8 -nocrypt"), m);

        Path garbage = Files.writeString(dir.resolve("ca.pem"), "not a certificate\n");
        m = assertThrows(IOException.class, () -> MqttTls.sslConfig(
                new MqttTlsConfig(garbage.toString(), null, null, true, MqttTlsConfig.SUPPORTED_PROTOCOLS))).getMessage();
        assertTrue(m.contains("ca file") && m.contains("ca.pem"), m);

        String missing = dir.resolve("absent.pem").toString();
        m = assertThrows(IOException.class, () -> MqttTls.sslConfig(
                new MqttTlsConfig(missing, null, null, true, MqttTlsConfig.SUPPORTED_PROTOCOLS))).getMessage();
        assertTrue(m.contains("cannot read ca file") && m.contains("absent.pem"), m);
    }

    @Test
    void withoutFilesTheJvmTrustStoreAndHostnameChecksApply() throws Exception {
        var ssl = MqttTls.sslConfig(new MqttTlsConfig(null, null, null, true, List.of("TLSv1.3")));
        assertTrue(ssl.getTrustManagerFactory().isEmpty(), "the JVM's default trust store");
        assertTrue(ssl.getHostnameVerifier().isEmpty(), "HiveMQ's HTTPS name check");
        assertEquals(List.of("TLSv1.3"), ssl.getProtocols().orElseThrow());
        var lax = MqttTls.sslConfig(new MqttTlsConfig(null, null, null, false, MqttTlsConfig.SUPPORTED_PROTOCOLS));
        assertNotNull(lax.getHostnameVerifier().orElseThrow());
    }

    @Test
    void theBlockIsCheckedWhenTheConfigurationIsRead() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new MqttTlsConfig(null, "c.pem", null, true,
                MqttTlsConfig.SUPPORTED_PROTOCOLS)).getMessage().contains("cert is set but key is not"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new MqttTlsConfig(null, null, null, true,
                List.of("TLSv1.1"))).getMessage().contains("protocols"));
    }
}
