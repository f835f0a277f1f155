package org.labbridge.tls;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * What both roles' {@code tls:} blocks share: the own certificate and key, where the key's password comes
 * from, the CA bundle that verifies the peer, the protocol versions, and how often the files are checked for
 * a change. File paths are taken as written: relative ones against the working directory.
 */
public sealed interface TlsSettings permits TlsServerConfig, TlsClientConfig {

    /** The protocol versions labbridge speaks; older ones are refused. */
    List<String> SUPPORTED_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    /** PEM file: the own certificate, then any intermediates; null = none (a client without a certificate). */
    String cert();

    /** PEM file: the private key of {@link #cert()} (PKCS#8, optionally encrypted). */
    String key();

    /** A file holding the key's password (its first line); null = not from a file. */
    String keyPasswordFile();

    /** An environment variable holding the key's password; null = not from the environment. */
    String keyPasswordEnv();

    /** PEM bundle of the certificates that verify the peer; null = the JVM's default trust store (client only). */
    String ca();

    /** The protocol versions to offer, a subset of {@link #SUPPORTED_PROTOCOLS}. */
    List<String> protocols();

    /** How often the files are checked for a change (0 = only on {@code SIGHUP}). */
    Duration reloadInterval();

    /** The key's password source, checked the same way for both roles. */
    static void checkCommon(String cert, String key, String keyPasswordFile, String keyPasswordEnv,
                            List<String> protocols, Duration reloadInterval) {
        if ((cert == null) != (key == null)) {
            throw new IllegalArgumentException(cert == null ? "key is set but cert is not: set both or neither"
                    : "cert is set but key is not: set both or neither");
        }
        if (keyPasswordFile != null && keyPasswordEnv != null) {
            throw new IllegalArgumentException("set key_password_file or key_password_env, not both");
        }
        if (key == null && (keyPasswordFile != null || keyPasswordEnv != null)) {
            throw new IllegalArgumentException("a key password is set but no key");
        }
        if (protocols.isEmpty()) {
            throw new IllegalArgumentException("protocols must name at least one of " + SUPPORTED_PROTOCOLS);
        }
        for (String p : protocols) {
            if (!SUPPORTED_PROTOCOLS.contains(p)) {
                throw new IllegalArgumentException("protocols: '" + p + "' is not supported (supported: "
                        + String.join(", ", SUPPORTED_PROTOCOLS) + ")");
            }
        }
        if (Set.copyOf(protocols).size() != protocols.size()) {
            throw new IllegalArgumentException("protocols: " + protocols + " names a version twice");
        }
        if (reloadInterval.isNegative()) {
            throw new IllegalArgumentException("reload_interval must not be negative");
        }
    }
}
