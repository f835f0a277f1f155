package org.labbridge.spool;

/** Why an append did not complete: the spool is closed or behind, the record is too large, or the disk failed. */
public final class SpoolException extends Exception {

    /** Why, as a meter tag. */
    public enum Reason {
        /** The bounded hand-off to the writer thread is full: the disk is slower than the input. */
        HANDOFF_FULL("handoff_full"),
        /** The record alone exceeds what the spool may hold. */
        TOO_LARGE("too_large"),
        /** The spool was closed. */
        CLOSED("closed"),
        /** The write failed (disk full, I/O error). */
        IO_ERROR("io_error");

        private final String tag;

        Reason(String tag) {
            this.tag = tag;
        }

        public String tag() {
            return tag;
        }
    }

    private final Reason reason;

    public SpoolException(Reason reason, String message, Throwable cause) {
        super(message, cause, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
