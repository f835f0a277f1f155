package org.labbridge.codec.pyexplabsys;

/** Python's {@code ValueError}: the message is the exact text Python would print with {@code str(e)}. */
public final class PyValueError extends Exception {
    private static final long serialVersionUID = 1L;

    public PyValueError(String message) {
        super(message, null, false, false); // thrown per bad request: no stack trace to fill
    }
}
