package org.labbridge.tls;

/**
 * TLS material that cannot be used, with a message that names the file and, where there is one, the fix:
 * {@code tls.key: /etc/labbridge/server.key: cannot decrypt the key: wrong password (key_password_file)}.
 */
public final class TlsException extends Exception {
    public TlsException(String message) {
        super(message);
    }

    public TlsException(String message, Throwable cause) {
        super(message, cause);
    }
}
