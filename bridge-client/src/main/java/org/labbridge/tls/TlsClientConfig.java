package org.labbridge.tls;

import org.labbridge.config.Default;
import org.labbridge.config.Nullable;

import java.time.Duration;
import java.util.List;

/**
 * The {@code tls:} block of a bridge client: which CAs it trusts, whether the server's name must match its
 * certificate, and its own certificate for servers that ask for one.
 *
 * @param cert            PEM: the client certificate for {@code client_auth}, then any intermediates; null = none
 * @param key             PEM: its private key
 * @param keyPasswordFile file whose first line is the key's password
 * @param keyPasswordEnv  environment variable holding the key's password
 * @param ca              PEM bundle that verifies the server; null = the JVM's default trust store
 * @param verifyHostname  whether the server's certificate must name the host connected to (DNS or IP SAN)
 * @param verifyCertificate whether the server's certificate must chain to {@code ca}; false accepts any
 *                        certificate (for tests only: anyone in the path can read and change everything)
 * @param serverName      the name sent as SNI and checked against the certificate; null = the connect host
 * @param protocols       protocol versions offered: TLSv1.3 and/or TLSv1.2
 * @param reloadInterval  how often the files are checked for a change; 0 = only on SIGHUP
 */
public record TlsClientConfig(
        @Nullable String cert,
        @Nullable String key,
        @Nullable String keyPasswordFile,
        @Nullable String keyPasswordEnv,
        @Nullable String ca,
        @Default("true") boolean verifyHostname,
        @Default("true") boolean verifyCertificate,
        @Nullable String serverName,
        @Default("[TLSv1.3, TLSv1.2]") List<String> protocols,
        @Default("10s") Duration reloadInterval) implements TlsSettings {

    public TlsClientConfig {
        protocols = List.copyOf(protocols);
        TlsSettings.checkCommon(cert, key, keyPasswordFile, keyPasswordEnv, protocols, reloadInterval);
        if (serverName != null && serverName.isBlank()) {
            throw new IllegalArgumentException("server_name must not be empty (leave it out to use the connect host)");
        }
        if (!verifyCertificate && ca != null) {
            throw new IllegalArgumentException("verify_certificate: false ignores ca: set one or the other");
        }
    }

    /** A client trusting {@code ca} (null = the JVM's trust store), verifying the host name, without a certificate. */
    public static TlsClientConfig trusting(String ca) {
        return new TlsClientConfig(null, null, null, null, ca, true, true, null, SUPPORTED_PROTOCOLS, Duration.ofSeconds(10));
    }
}
