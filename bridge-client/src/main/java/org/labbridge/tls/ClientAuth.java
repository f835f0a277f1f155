package org.labbridge.tls;

/** Whether a TLS server asks its clients for a certificate ({@code client_auth:}). */
public enum ClientAuth {
    /** No client certificate is asked for. */
    NONE,
    /** A client certificate is asked for and verified against {@code ca} if sent; clients without one are accepted. */
    OPTIONAL,
    /** Only clients presenting a certificate signed by {@code ca} complete the handshake. */
    REQUIRE;

    io.netty.handler.ssl.ClientAuth toNetty() {
        return switch (this) {
            case NONE -> io.netty.handler.ssl.ClientAuth.NONE;
            case OPTIONAL -> io.netty.handler.ssl.ClientAuth.OPTIONAL;
            case REQUIRE -> io.netty.handler.ssl.ClientAuth.REQUIRE;
        };
    }
}
