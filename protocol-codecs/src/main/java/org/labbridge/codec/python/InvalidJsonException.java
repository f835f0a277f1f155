package org.labbridge.codec.python;

/**
 * Bytes that are not one JSON document ({@link JsonValidator}): either not valid UTF-8
 * ({@link #badEncoding()}) or not JSON. The message names the byte offset of the problem.
 */
public final class InvalidJsonException extends Exception {
    private static final long serialVersionUID = 1L;

    private final boolean badEncoding;
    private final int offset;

    InvalidJsonException(boolean badEncoding, String message, int offset) {
        // No stack trace: this is a data error, counted and logged, never debugged from a trace.
        super(message + " at byte " + offset, null, false, false);
        this.badEncoding = badEncoding;
        this.offset = offset;
    }

    /** Whether the bytes are not valid UTF-8 (rather than not JSON). */
    public boolean badEncoding() {
        return badEncoding;
    }

    /** Offset of the offending byte, relative to the start of the checked range. */
    public int offset() {
        return offset;
    }
}
