package org.labbridge.codec.message;

import org.labbridge.codec.frame.DropReason;

/** A frame that is not a message: bad encoding or bad JSON. Carries the drop reason for the counters. */
public final class MessageDecodeException extends Exception {

    private final DropReason reason;

    public MessageDecodeException(DropReason reason, String message, Throwable cause) {
        super(message, cause, false, false); // no stack trace: this is a data error, counted not debugged
        this.reason = reason;
    }

    public DropReason reason() {
        return reason;
    }
}
