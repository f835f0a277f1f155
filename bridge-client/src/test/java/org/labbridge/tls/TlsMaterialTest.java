package org.labbridge.tls;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labbridge.testing.TestCertificates;
import org.labbridge.testing.TestCertificates.Issued;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Loading and checking the files of a tls: block: each mistake an operator makes gets a message that names it. */
class TlsMaterialTest {

    @TempDir
    Path dir;
    private TestCertificates certs;
    private Issued server;

    @BeforeEach
    void setUp() throws Exception {
        certs = TestCertificates.create(dir);
        server = certs.issue("server");
    }

    private static TlsServerConfig serverConfig(Path cert, Path key, String passwordFile, String passwordEnv) {
        return new TlsServerConfig(cert.toString(), key.toString(), passwordFile, passwordEnv, null, ClientAuth.NONE,
                TlsSettings.SUPPORTED_PROTOCOLS, Duration.ofSeconds(10));
    }

    private static TlsException loadFails(TlsSettings settings) {
        return assertThrows(TlsException.class, () -> TlsMaterial.load(settings, name -> null, Instant.now()));
    }

    @Test
    void aPlainKeyAndItsCertificateLoadAndBuildBothRoles() throws Exception {
        TlsMaterial m = TlsMaterial.load(TlsServerConfig.of(server.cert().toString(), server.key().toString()));
        assertEquals(1, m.chain().size());
        assertNotNull(m.key());
        assertTrue(m.describe().contains("CN=server"), m.describe());
        assertTrue(m.notAfter().isAfter(Instant.now()));
        assertTrue(TlsContexts.load(TlsServerConfig.of(server.cert().toString(), server.key().toString())).isServer());
        assertTrue(TlsContexts.load(TlsClientConfig.trusting(certs.ca().toString())).isClient());
    }

    @Test
    void anEncryptedKeyNeedsItsPasswordFromAFileOrTheEnvironment() throws Exception {
        Path encrypted = certs.encryptedKey(server, "s3cret");
        Path passwordFile = dir.resolve("key-pass");
        Files.writeString(passwordFile, "s3cret\n");
        TlsMaterial fromFile = TlsMaterial.load(serverConfig(server.cert(), encrypted, passwordFile.toString(), null));
        assertNotNull(fromFile.key());

        TlsMaterial fromEnv = TlsMaterial.load(serverConfig(server.cert(), encrypted, null, "LB_KEY_PASS"),
                Map.of("LB_KEY_PASS", "s3cret")::get, Instant.now());
        assertNotNull(fromEnv.key());

        String noPassword = loadFails(serverConfig(server.cert(), encrypted, null, null)).getMessage();
        assertTrue(noPassword.startsWith("key: " + encrypted + ": the key is encrypted"), noPassword);
        assertTrue(noPassword.contains("key_password_file"), noPassword);

        String unsetEnv = loadFails(serverConfig(server.cert(), encrypted, null, "LB_KEY_PASS")).getMessage();
        assertTrue(unsetEnv.contains("LB_KEY_PASS is not set"), unsetEnv);
    }

    @Test
    void aWrongPasswordIsNamedAsSuchWithItsSourceButNotItsValue() throws Exception {
        Path encrypted = certs.encryptedKey(server, "s3cret");
        Path passwordFile = dir.resolve("key-pass");
        Files.writeString(passwordFile, "guess\n");
        String message = loadFails(serverConfig(server.cert(), encrypted, passwordFile.toString(), null)).getMessage();
        assertTrue(message.startsWith("key: " + encrypted + ": cannot decrypt the key: wrong password"), message);
        assertTrue(message.contains("key_password_file " + passwordFile), message);
        assertTrue(!message.contains("guess"), message);
    }

    @Test
    void aKeyOfAnotherCertificateIsRefused() throws Exception {
        Issued other = certs.issue("other");
        String message = loadFails(serverConfig(server.cert(), other.key(), null, null)).getMessage();
        assertTrue(message.startsWith("key: " + other.key() + " does not match cert " + server.cert()), message);
    }

    @Test
    void anExpiredCertificateIsRefusedWithItsDate() throws Exception {
        Issued expired = certs.issue("expired", -1, "IP:127.0.0.1");
        String message = loadFails(serverConfig(expired.cert(), expired.key(), null, null)).getMessage();
        assertTrue(message.startsWith("cert: " + expired.cert() + ": the certificate CN=expired expired on "), message);
        // and one that is fine today is refused once its time has come
        TlsException later = assertThrows(TlsException.class, () -> TlsMaterial.load(
                serverConfig(server.cert(), server.key(), null, null), n -> null, Instant.now().plus(Duration.ofDays(3))));
        assertTrue(later.getMessage().contains("expired on"), later.getMessage());
    }

    @Test
    void missingAndWrongFilesNameThePathAndTheOption() throws Exception {
        Path missing = dir.resolve("nope.pem");
        String noCert = loadFails(serverConfig(missing, server.key(), null, null)).getMessage();
        assertEquals("cert: " + missing + ": no such file", noCert);

        String noKey = loadFails(serverConfig(server.cert(), missing, null, null)).getMessage();
        assertEquals("key: " + missing + ": no such file", noKey);

        String keyAsCert = loadFails(serverConfig(server.key(), server.key(), null, null)).getMessage();
        assertTrue(keyAsCert.startsWith("cert: " + server.key() + ": no PEM certificate in it"), keyAsCert);

        TlsClientConfig badCa = new TlsClientConfig(null, null, null, null, missing.toString(), true, true, null,
                TlsSettings.SUPPORTED_PROTOCOLS, Duration.ZERO);
        assertEquals("ca: " + missing + ": no such file", loadFails(badCa).getMessage());
    }

    @Test
    void aTraditionalOpensslKeyIsRefusedWithTheCommandThatConvertsIt() throws Exception {
        Path traditional = dir.resolve("traditional.key");
        certs.openssl("ec", "-in", server.key().toString(), "-out", traditional.toString());
        String message = loadFails(serverConfig(server.cert(), traditional, null, null)).getMessage();
        assertTrue(message.contains("'EC PRIVATE KEY' (traditional OpenSSL format) is not supported"), message);
        assertTrue(message.contains("openssl pkcs8 -topk8"), message);
    }

    @Test
    void theRecordsRefuseCombinationsThatCannotWork() {
        var noCa = assertThrows(IllegalArgumentException.class, () -> new TlsServerConfig("c", "k", null, null, null,
                ClientAuth.REQUIRE, TlsSettings.SUPPORTED_PROTOCOLS, Duration.ZERO));
        assertTrue(noCa.getMessage().contains("client_auth: require needs ca"), noCa.getMessage());
        var oldProtocol = assertThrows(IllegalArgumentException.class, () -> new TlsServerConfig("c", "k", null, null,
                null, ClientAuth.NONE, List.of("TLSv1.1"), Duration.ZERO));
        assertTrue(oldProtocol.getMessage().contains("'TLSv1.1' is not supported"), oldProtocol.getMessage());
        var keyOnly = assertThrows(IllegalArgumentException.class, () -> new TlsClientConfig(null, "k", null, null,
                null, true, true, null, TlsSettings.SUPPORTED_PROTOCOLS, Duration.ZERO));
        assertTrue(keyOnly.getMessage().contains("key is set but cert is not"), keyOnly.getMessage());
        var twoPasswords = assertThrows(IllegalArgumentException.class, () -> new TlsServerConfig("c", "k", "f", "E",
                null, ClientAuth.NONE, TlsSettings.SUPPORTED_PROTOCOLS, Duration.ZERO));
        assertTrue(twoPasswords.getMessage().contains("not both"), twoPasswords.getMessage());
    }
}
