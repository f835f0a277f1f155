package org.labbridge.tls;

import org.labbridge.config.Default;
import org.labbridge.config.Nullable;

import java.time.Duration;
import java.util.List;

/**
 * The {@code tls:} block of a bridge server: its certificate and key, and whether (and against which CA)
 * clients must show a certificate.
 *
 * @param cert            PEM: the server certificate, then any intermediates
 * @param key             PEM: its private key (PKCS#8; {@code ENCRYPTED PRIVATE KEY} needs a password source)
 * @param keyPasswordFile file whose first line is the key's password
 * @param keyPasswordEnv  environment variable holding the key's password
 * @param ca              PEM bundle that verifies client certificates (required unless {@code client_auth: none})
 * @param clientAuth      {@code none}, {@code optional} or {@code require}
 * @param protocols       protocol versions offered: TLSv1.3 and/or TLSv1.2
 * @param reloadInterval  how often the files are checked for a change; 0 = only on SIGHUP
 */
public record TlsServerConfig(
        String cert,
        String key,
        @Nullable String keyPasswordFile,
        @Nullable String keyPasswordEnv,
        @Nullable String ca,
        @Default("none") ClientAuth clientAuth,
        @Default("[TLSv1.3, TLSv1.2]") List<String> protocols,
        @Default("10s") Duration reloadInterval) implements TlsSettings {

    public TlsServerConfig {
        protocols = List.copyOf(protocols);
        TlsSettings.checkCommon(cert, key, keyPasswordFile, keyPasswordEnv, protocols, reloadInterval);
        if (clientAuth != ClientAuth.NONE && ca == null) {
            throw new IllegalArgumentException("client_auth: " + clientAuth.name().toLowerCase(java.util.Locale.ROOT)
                    + " needs ca (the PEM bundle that verifies client certificates)");
        }
    }

    /** A server with this certificate and key, no client certificates, the default protocols and interval. */
    public static TlsServerConfig of(String cert, String key) {
        return new TlsServerConfig(cert, key, null, null, null, ClientAuth.NONE, SUPPORTED_PROTOCOLS,
                Duration.ofSeconds(10));
    }
}
