package org.labbridge.tls;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;

import javax.net.ssl.SSLException;

/**
 * Netty {@link SslContext}s from checked {@link TlsMaterial}, with the JDK's TLS provider (no native library to
 * ship or match to the platform; netty-tcnative is not a dependency) and only the configured protocol versions.
 */
public final class TlsContexts {

    private TlsContexts() {
    }

    /** A server context: the certificate and key, and the CA verifying clients unless {@code client_auth: none}. */
    public static SslContext server(TlsServerConfig config, TlsMaterial material) throws TlsException {
        if (material.key() == null) {
            throw new TlsException("cert/key: a TLS server needs a certificate and its key");
        }
        SslContextBuilder builder = SslContextBuilder.forServer(material.key(), material.chain())
                .sslProvider(SslProvider.JDK)
                .protocols(config.protocols())
                .clientAuth(config.clientAuth().toNetty());
        if (!material.trusted().isEmpty()) {
            builder.trustManager(material.trusted());
        }
        return build(builder);
    }

    /**
     * A client context: the CA bundle (or the JVM's trust store), host-name verification as configured, and
     * the client's own certificate when it has one.
     */
    public static SslContext client(TlsClientConfig config, TlsMaterial material) throws TlsException {
        SslContextBuilder builder = SslContextBuilder.forClient()
                .sslProvider(SslProvider.JDK)
                .protocols(config.protocols())
                // HTTPS rules (RFC 2818): the host must be a DNS or IP subject alternative name of the certificate
                .endpointIdentificationAlgorithm(config.verifyHostname() && config.verifyCertificate() ? "HTTPS" : null);
        if (!config.verifyCertificate()) {
            builder.trustManager(InsecureTrustManagerFactory.INSTANCE);
        } else if (!material.trusted().isEmpty()) {
            builder.trustManager(material.trusted());
        }
        if (material.key() != null) {
            builder.keyManager(material.key(), material.chain());
        }
        return build(builder);
    }

    /** Loads the files of {@code config} and builds the context of its role. */
    public static SslContext load(TlsSettings config) throws TlsException {
        return forRole(config, TlsMaterial.load(config));
    }

    /** The context of the settings' role (server or client) from already loaded material. */
    public static SslContext forRole(TlsSettings config, TlsMaterial material) throws TlsException {
        if (config instanceof TlsServerConfig s) {
            return server(s, material);
        }
        return client((TlsClientConfig) config, material);
    }

    private static SslContext build(SslContextBuilder builder) throws TlsException {
        try {
            return builder.build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new TlsException("cannot build the TLS context: " + e.getMessage(), e);
        }
    }
}
