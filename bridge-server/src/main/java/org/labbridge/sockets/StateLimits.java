package org.labbridge.sockets;

import org.labbridge.codec.pyexplabsys.PyExpLabSys;

/**
 * Bounds on what a pull socket keeps, so that it can always answer: every whole-socket reply
 * ({@code json_wn}, {@code raw_wn}, {@code raw}, {@code json}, {@code codenames_*}) of the state fits
 * {@code maxStateBytes}, whose default is the UDP maximum. A set that would break a bound is refused for
 * that codename (see {@link Refusal}), never discovered at pull time.
 *
 * @param maxCodenames      the most codenames kept (registered or not)
 * @param maxCodenameLength the longest new codename, in characters (code points, as Python's {@code len})
 * @param maxStateBytes     the largest whole-socket reply the state may produce, in UTF-8 bytes
 * @param expirySeconds     a codename set by a push or route and not updated for this long is dropped;
 *                          {@code NaN} (the default) = never. Codenames the socket was built with stay.
 */
public record StateLimits(int maxCodenames, int maxCodenameLength, int maxStateBytes, double expirySeconds) {

    /** No bound on the count, 255-character codenames, replies that fit a datagram, no expiry. */
    public static final StateLimits DEFAULT = new StateLimits(Integer.MAX_VALUE, 255, PyExpLabSys.MAX_UDP_PAYLOAD,
            Double.NaN);

    public StateLimits {
        if (maxCodenames < 1 || maxCodenameLength < 1 || maxStateBytes < 2) {
            throw new IllegalArgumentException("state limits must be positive: maxCodenames=" + maxCodenames
                    + ", maxCodenameLength=" + maxCodenameLength + ", maxStateBytes=" + maxStateBytes);
        }
        if (!Double.isNaN(expirySeconds) && !(expirySeconds > 0)) {
            throw new IllegalArgumentException("expirySeconds must be positive (or NaN for never): " + expirySeconds);
        }
    }

    /** Whether codenames expire. */
    boolean expires() {
        return !Double.isNaN(expirySeconds);
    }
}
