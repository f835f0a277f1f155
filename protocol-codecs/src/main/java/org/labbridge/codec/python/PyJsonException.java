package org.labbridge.codec.python;

/** The text could not be decoded as JSON (or broke a {@link JsonLimits} bound). */
public final class PyJsonException extends Exception {
    private static final long serialVersionUID = 1L;

    public PyJsonException(String message) {
        super(message);
    }

    public PyJsonException(String message, Throwable cause) {
        super(message, cause);
    }
}
