package org.labbridge.daemon.config;

import org.labbridge.config.Default;
import org.labbridge.config.Nullable;

import java.util.List;
import java.util.Set;

/**
 * The {@code tls:} block of an MQTT node: present, the node speaks MQTT over TLS (a broker's port 8883).
 * The keys are those of the bridge's {@code tls:} block (client side), so one block can be copied between them.
 *
 * @param ca             PEM bundle that verifies the broker; absent: the JVM's default trust store
 * @param cert           PEM: the node's own certificate (then any intermediates), for brokers that ask for one
 * @param key            PEM: its private key (PKCS#8, unencrypted: {@code openssl pkcs8 -topk8 -nocrypt})
 * @param verifyHostname whether the broker's certificate must name the host connected to (DNS or IP SAN)
 * @param protocols      TLS versions offered: TLSv1.3 and/or TLSv1.2
 */
public record MqttTlsConfig(
        @Nullable String ca,
        @Nullable String cert,
        @Nullable String key,
        @Default("true") boolean verifyHostname,
        @Default("[TLSv1.3, TLSv1.2]") List<String> protocols) {

    /** The TLS versions labbridge speaks; older ones are refused. */
    public static final List<String> SUPPORTED_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    public MqttTlsConfig {
        protocols = List.copyOf(protocols);
        if ((cert == null) != (key == null)) {
            throw new IllegalArgumentException(cert == null ? "tls: key is set but cert is not: set both or neither"
                    : "tls: cert is set but key is not: set both or neither");
        }
        if (protocols.isEmpty() || !SUPPORTED_PROTOCOLS.containsAll(protocols)
                || Set.copyOf(protocols).size() != protocols.size()) {
            throw new IllegalArgumentException("tls: protocols must name some of " + SUPPORTED_PROTOCOLS
                    + ", each once; got " + protocols);
        }
    }
}
