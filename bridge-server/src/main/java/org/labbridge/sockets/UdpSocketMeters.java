package org.labbridge.sockets;

/**
 * Every Micrometer meter of the UDP sockets, in one place (like Micrometer's {@code NettyMeters}). All carry
 * the tags {@code socket=<name>} and {@code port=<bound port>}.
 */
public enum UdpSocketMeters {
    /** Counter: requests received, tag {@code command} = the request kind (e.g. {@code json_wn}, {@code unknown}). */
    REQUESTS("labbridge.udp.requests", "command"),
    /** Counter: reply datagrams written. */
    REPLIES("labbridge.udp.replies"),
    /**
     * Counter: refused or failed requests, tag {@code reason} = one of {@link ErrorReason}'s tags
     * ({@code unknown_command}, {@code bad_json}, {@code bad_raw}, {@code oversize}, {@code reply_oversize},
     * {@code invalid_utf8}, {@code queue_full}).
     */
    ERRORS("labbridge.udp.errors", "reason"),
    /** Counter: pull replies that carried at least one {@code OLD_DATA}. */
    STALE_REPLIES("labbridge.udp.stale.replies"),
    /** Gauge: items waiting in a push socket's queue ({@code enqueue}) or callback worker. */
    QUEUE_DEPTH("labbridge.udp.queue.depth"),
    /** Counter: messages refused or dropped because the queue was full (see {@link OverflowPolicy}). */
    QUEUE_OVERFLOW("labbridge.udp.queue.overflow"),
    /** Counter: push callbacks (and listeners) that threw. */
    CALLBACK_FAILURES("labbridge.udp.callback.failures"),
    /**
     * Counter: datagrams dropped without a reply, tag {@code reason}: not_allowed (the source is not in the
     * socket's {@code allow} list).
     */
    DENIED("labbridge.udp.denied", "reason");

    private final String meterName;
    private final String extraTag;

    UdpSocketMeters(String meterName) {
        this(meterName, null);
    }

    UdpSocketMeters(String meterName, String extraTag) {
        this.meterName = meterName;
        this.extraTag = extraTag;
    }

    /** The Micrometer meter name. */
    public String meterName() {
        return meterName;
    }

    /** The tag key besides {@code socket} and {@code port}, or {@code null}. */
    public String extraTag() {
        return extraTag;
    }

    /** The tag holding the socket's name. */
    public static final String TAG_SOCKET = "socket";
    /** The tag holding the socket's bound port. */
    public static final String TAG_PORT = "port";
}
