package org.labbridge.mqtt;

import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.MqttClientSslConfigBuilder;
import org.labbridge.daemon.config.MqttTlsConfig;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns an MQTT node's {@code tls:} block into HiveMQ's TLS settings: PEM files read with the JDK alone
 * (certificates by {@link CertificateFactory}, a PKCS#8 key by {@link KeyFactory}), so a bad file is named
 * when the node starts, not at the first handshake.
 */
final class MqttTls {

    private static final Pattern PKCS8 = Pattern.compile(
            "-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");
    private static final char[] NO_PASSWORD = new char[0];

    private MqttTls() {
    }

    /** HiveMQ's TLS settings for {@code tls}. @throws IOException naming the file that cannot be used */
    static MqttClientSslConfig sslConfig(MqttTlsConfig tls) throws IOException {
        MqttClientSslConfigBuilder b = MqttClientSslConfig.builder().protocols(tls.protocols());
        try {
            if (tls.ca() != null) {
                KeyStore trust = emptyKeyStore();
                int i = 0;
                for (Certificate c : certificates(tls.ca(), "ca")) {
                    trust.setCertificateEntry("ca" + i++, c);
                }
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(trust);
                b = b.trustManagerFactory(tmf);
            }
            if (tls.cert() != null) {
                List<Certificate> chain = certificates(tls.cert(), "cert");
                KeyStore own = emptyKeyStore();
                own.setKeyEntry("own", privateKey(tls.key()), NO_PASSWORD, chain.toArray(Certificate[]::new));
                KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(own, NO_PASSWORD);
                b = b.keyManagerFactory(kmf);
            }
        } catch (GeneralSecurityException e) {
            throw new IOException("tls: " + e.getMessage(), e);
        }
        if (!tls.verifyHostname()) {
            // HiveMQ checks the name (HTTPS rules) unless given a verifier; this one accepts any name, the
            // chain is still verified against the CA
            b = b.hostnameVerifier((host, session) -> true);
        }
        return b.build();
    }

    private static KeyStore emptyKeyStore() throws GeneralSecurityException, IOException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        return ks;
    }

    private static List<Certificate> certificates(String file, String key) throws IOException {
        Collection<? extends Certificate> certs;
        try (InputStream in = Files.newInputStream(Path.of(file))) {
            certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (IOException e) {
            throw new IOException("tls: cannot read " + key + " file " + file + " (" + e + ")", e);
        } catch (GeneralSecurityException e) {
            throw new IOException("tls: " + key + " file " + file + " holds no readable PEM certificate (" + e.getMessage() + ")", e);
        }
        if (certs.isEmpty()) {
            throw new IOException("tls: " + key + " file " + file + " holds no certificate");
        }
        return List.copyOf(certs);
    }

    /** A PKCS#8 PEM key ({@code BEGIN PRIVATE KEY}) of any algorithm the JDK knows. */
    static PrivateKey privateKey(String file) throws IOException {
        String pem;
        try {
            pem = Files.readString(Path.of(file), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IOException("tls: cannot read key file " + file + " (" + e + ")", e);
        }
        Matcher m = PKCS8.matcher(pem);
        if (!m.find()) {
            throw new IOException("tls: key file " + file + " holds no unencrypted PKCS#8 key (BEGIN PRIVATE KEY);"
                    + " convert it with: openssl pkcs8 -topk8 -nocrypt -in OLD -out NEW");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(m.group(1));
        } catch (IllegalArgumentException e) {
            throw new IOException("tls: key file " + file + ": bad base64 (" + e.getMessage() + ")", e);
        }
        for (String algorithm : List.of("RSA", "EC", "Ed25519", "Ed448")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException notThisOne) {
                // try the next algorithm
            }
        }
        throw new IOException("tls: key file " + file + ": not an RSA, EC or EdDSA key the JDK can read");
    }
}
