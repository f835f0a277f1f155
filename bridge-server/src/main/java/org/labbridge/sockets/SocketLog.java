package org.labbridge.sockets;

import org.labbridge.logging.RateLimitedLogger;
import org.slf4j.Logger;
import org.slf4j.event.Level;

import java.net.InetSocketAddress;
import java.util.EnumMap;
import java.util.Map;

/**
 * The log lines a peer can trigger on one UDP socket, rate-limited per cause ({@link RateLimitedLogger}):
 * a storm of bad datagrams writes about one line per cause per minute and then a summary, never one line
 * per datagram. The causes are fixed labels naming the socket (never peer data), so the summary says
 * which socket and which refusal it counts; a suppressed event costs no allocation. Peer-supplied text
 * (a bad payload) is never logged: the reply carries it back to the peer, the log names only the sender.
 */
final class SocketLog {

    private final Logger log;
    private final RateLimitedLogger limited;
    private final Map<ErrorReason, String> refusals = new EnumMap<>(ErrorReason.class);
    private final String denied;
    private final String callbackFailures;
    private final String listenerFailures;
    private final String handlerFailures;

    SocketLog(Logger log, String kind, String socketName) {
        this.log = log;
        this.limited = new RateLimitedLogger(log);
        String prefix = kind + " socket '" + socketName + "'";
        for (ErrorReason reason : ErrorReason.values()) {
            refusals.put(reason, prefix + ": refused requests (" + reason.tag() + ")");
        }
        this.denied = prefix + ": datagrams from sources not in allow";
        this.callbackFailures = prefix + ": callback failures";
        this.listenerFailures = prefix + ": listener failures";
        this.handlerFailures = prefix + ": handler failures";
    }

    private boolean permits(String cause) {
        return limited.permits(Level.WARN, cause);
    }

    /** A request larger than the socket's maximum. */
    void oversizeRequest(InetSocketAddress peer, int max) {
        String cause = refusals.get(ErrorReason.OVERSIZE);
        if (permits(cause)) {
            log.warn("{}: a request from {} is larger than the maximum of {} bytes", cause, peer, max);
        }
    }

    /** A reply no datagram can carry (an error went out instead). */
    void oversizeReply(InetSocketAddress peer, int bytes) {
        String cause = refusals.get(ErrorReason.REPLY_OVERSIZE);
        if (permits(cause)) {
            log.warn("{}: a reply of {} bytes to {} exceeds the UDP maximum; sent an error instead", cause, bytes,
                    peer);
        }
    }

    /** A request refused for its content ({@code invalid_utf8}, {@code bad_json}, {@code bad_raw}). */
    void badRequest(ErrorReason reason, InetSocketAddress peer) {
        String cause = refusals.get(reason);
        if (permits(cause)) {
            log.warn("{}: refused a request from {} and answered with an error", cause, peer);
        }
    }

    /** A push queue or callback worker was full. */
    void queueFull(int capacity, boolean droppedOldest) {
        String cause = refusals.get(ErrorReason.QUEUE_FULL);
        if (permits(cause)) {
            log.warn("{}: the queue of {} items is full; {}", cause, capacity,
                    droppedOldest ? "dropped the oldest message" : "refused the message");
        }
    }

    /** A datagram from a source the allowlist does not allow: dropped without a reply. */
    void denied(InetSocketAddress peer) {
        if (permits(denied)) {
            log.warn("{}: dropped one from {} without a reply", denied, peer);
        }
    }

    /**
     * A push callback failed: a bug in the callback, so its stack trace is kept (rate-limited, and cut to 40
     * frames by logback.xml's {@code %ex{40}}).
     */
    void callbackFailed(Object data, Throwable failure) {
        if (permits(callbackFailures)) {
            log.warn("{}: failed on {}: {}", callbackFailures, data, failure.toString(), failure);
        }
    }

    /** A listener (the daemon's routing, say) failed on an accepted message; its trace (40 frames at most) is kept. */
    void listenerFailed(Throwable failure) {
        if (permits(listenerFailures)) {
            log.warn("{}: {}", listenerFailures, failure.toString(), failure);
        }
    }

    /** Something the handler did not expect (it keeps serving); its trace (40 frames at most) is kept. */
    void handlerFailed(Throwable failure) {
        if (permits(handlerFailures)) {
            log.warn("{}: {}", handlerFailures, failure.toString(), failure);
        }
    }
}
