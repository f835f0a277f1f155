package org.labbridge.daemon.config;

import org.labbridge.tls.TlsClientConfig;

import org.labbridge.config.HostPort;

import java.time.Duration;
import java.util.List;

/**
 * How an MQTT node reaches its broker: what {@code mqtt-publish} and {@code mqtt-subscribe} share.
 * The password never sits in the YAML: it is read from {@link #passwordFile()} or {@link #passwordEnv()}
 * when the node starts.
 */
public interface MqttBrokerSettings {

    /** The node's name. */
    String name();

    /** The brokers, tried in order on each reconnect (failover); at least one. */
    List<HostPort> broker();

    /** The MQTT client identifier; {@code null}: {@code labbridge-<node>-<random>}. */
    String clientId();

    /** MQTT user name, or {@code null} for none. */
    String username();

    /** A file whose content (trailing newline removed) is the password, or {@code null}. */
    String passwordFile();

    /** An environment variable holding the password, or {@code null}. */
    String passwordEnv();

    /** TLS settings, or {@code null} for plain TCP. */
    TlsClientConfig tls();

    /** MQTT 3.1.1 or 5. */
    MqttVersion protocolVersion();

    /** The MQTT keep-alive interval (whole seconds, 0 = off): a silent broker is noticed after 1.5 x this. */
    Duration keepalive();

    /** How long one connection attempt may take. */
    Duration connectTimeout();

    Duration backoffInitial();

    Duration backoffMax();

    double backoffMultiplier();

    double backoffJitter();

    /** Checks what the shared settings cannot be: called from each record's constructor. */
    static void validate(String name, List<HostPort> broker, String passwordFile, String passwordEnv,
                         String username, Duration keepalive, Duration backoffInitial, Duration backoffMax) {
        NodeConfig.requireName(name);
        if (broker.isEmpty()) {
            throw new IllegalArgumentException("broker: at least one host:port");
        }
        if (passwordFile != null && passwordEnv != null) {
            throw new IllegalArgumentException("password_file and password_env: set one, not both");
        }
        if ((passwordFile != null || passwordEnv != null) && username == null) {
            throw new IllegalArgumentException("a password (password_file or password_env) needs a username");
        }
        if (keepalive.isNegative() || keepalive.getSeconds() > 65_535) {
            throw new IllegalArgumentException("keepalive must be within 0..65535 s, got " + keepalive.getSeconds() + " s");
        }
        if (backoffInitial.isZero() || backoffInitial.isNegative() || backoffInitial.compareTo(backoffMax) > 0) {
            throw new IllegalArgumentException("backoff_initial (" + backoffInitial.toMillis()
                    + " ms) must be positive and not exceed backoff_max (" + backoffMax.toMillis() + " ms)");
        }
    }
}
