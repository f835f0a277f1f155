package org.labbridge.sockets;

/** Why a request was refused; {@link #tag()} is the {@link UdpSocketMeters#ERRORS} tag value. */
public enum ErrorReason {
    /** Not a command of this socket ({@code UNKNOWN_COMMMAND}). */
    UNKNOWN_COMMAND("unknown_command"),
    /** {@code json_wn#} payload not JSON, or not a JSON object. */
    BAD_JSON("bad_json"),
    /** {@code raw_wn#} payload not decodable. */
    BAD_RAW("bad_raw"),
    /** Request larger than the socket's maximum datagram size. */
    OVERSIZE("oversize"),
    /** Reply larger than a UDP datagram can carry; a short error was sent instead. */
    REPLY_OVERSIZE("reply_oversize"),
    /** Request bytes are not valid UTF-8. */
    INVALID_UTF8("invalid_utf8"),
    /** A push queue or callback worker was full. */
    QUEUE_FULL("queue_full"),
    /** A push the daemon routes to a disk spool could not be spooled (spool behind, closed, disk error). */
    NOT_STORED("not_stored"),
    /** A push the socket's admission check refused (e.g. a pull socket it feeds could not keep it). */
    REFUSED("refused");

    private final String tag;

    ErrorReason(String tag) {
        this.tag = tag;
    }

    /** The metric tag value. */
    public String tag() {
        return tag;
    }
}
