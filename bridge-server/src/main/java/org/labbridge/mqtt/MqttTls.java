package org.labbridge.mqtt;

import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.MqttClientSslConfigBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import org.labbridge.tls.TlsClientConfig;
import org.labbridge.tls.TlsException;
import org.labbridge.tls.TlsMaterial;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;

/**
 * Turns an MQTT node's {@code tls:} block (the bridge client's {@link TlsClientConfig}: the same keys, the
 * same PEM loading and checks, key passwords from a file or the environment) into HiveMQ's TLS settings.
 * The files are read when the node starts (and by {@code labbridge check}), so a bad file is named then,
 * not at the first handshake.
 */
final class MqttTls {

    private static final char[] NO_PASSWORD = new char[0];

    private MqttTls() {
    }

    /** HiveMQ's TLS settings for {@code tls}. @throws IOException naming the file that cannot be used */
    static MqttClientSslConfig sslConfig(TlsClientConfig tls) throws IOException {
        TlsMaterial material;
        try {
            material = TlsMaterial.load(tls);
        } catch (TlsException e) {
            throw new IOException("tls: " + e.getMessage(), e);
        }
        MqttClientSslConfigBuilder b = MqttClientSslConfig.builder().protocols(tls.protocols());
        try {
            if (!tls.verifyCertificate()) {
                b = b.trustManagerFactory(InsecureTrustManagerFactory.INSTANCE);
            } else if (!material.trusted().isEmpty()) {
                KeyStore trust = emptyKeyStore();
                int i = 0;
                for (Certificate c : material.trusted()) {
                    trust.setCertificateEntry("ca" + i++, c);
                }
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(trust);
                b = b.trustManagerFactory(tmf);
            }
            if (!material.chain().isEmpty()) {
                KeyStore own = emptyKeyStore();
                own.setKeyEntry("own", material.key(), NO_PASSWORD, material.chain().toArray(Certificate[]::new));
                KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(own, NO_PASSWORD);
                b = b.keyManagerFactory(kmf);
            }
        } catch (GeneralSecurityException e) {
            throw new IOException("tls: " + e.getMessage(), e);
        }
        if (!tls.verifyHostname() || !tls.verifyCertificate()) {
            // HiveMQ checks the name (HTTPS rules) unless given a verifier; this one accepts any name, the
            // chain is still verified against the CA (unless verify_certificate is false)
            b = b.hostnameVerifier((host, session) -> true);
        }
        return b.build();
    }

    private static KeyStore emptyKeyStore() throws GeneralSecurityException, IOException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        return ks;
    }
}
