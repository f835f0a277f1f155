package org.labbridge.codec.frame;

import java.util.Locale;

/** Why a received frame was dropped; one tag value of the drop counters. */
public enum DropReason {
    /** Longer than {@code buffer_size}: discarded up to the next delimiter (or up to EOF when close-delimited). */
    OVERSIZE,
    /** Not valid in the configured {@code message_encoding}. */
    BAD_ENCODING,
    /** Not a JSON document (or nested/long beyond the JSON limits). */
    BAD_JSON,
    /** Bytes after the last delimiter when the peer closed: a message that never ended. */
    INCOMPLETE_AT_EOF;

    /** Lower-case tag value, e.g. {@code bad_json}. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
