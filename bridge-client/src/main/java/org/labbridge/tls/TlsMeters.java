package org.labbridge.tls;

/**
 * The meters of a {@link ReloadableSslContext} ({@link ReloadableSslContext#bindTo}), tagged as its user
 * tags its own (a bridge: {@code bridge}, {@code role}).
 */
public enum TlsMeters {
    /** Counter: handshakes that failed (no, untrusted or expired certificate, wrong name, protocol). */
    HANDSHAKE_FAILURES("labbridge.tls.handshake.failures", "TLS handshakes that failed"),
    /** Counter, tag {@code result} ({@code ok}, {@code failed}): certificate and key reloads. */
    RELOADS("labbridge.tls.reloads", "TLS certificate and key reloads"),
    /** Gauge: seconds until the own certificate expires (negative once expired); only with a certificate. */
    CERTIFICATE_EXPIRY("labbridge.tls.certificate.expiry", "seconds until the own certificate expires");

    private final String meterName;
    private final String description;

    TlsMeters(String meterName, String description) {
        this.meterName = meterName;
        this.description = description;
    }

    public String meterName() {
        return meterName;
    }

    public String description() {
        return description;
    }
}
