package org.labbridge.client.bridge;

import java.util.Locale;

/** What an outbound queue does when it is full (the server's {@code slow_client_policy}). */
public enum OverflowPolicy {
    /** Keep what is queued, drop the new message. */
    DROP_NEWEST,
    /** Drop the oldest queued messages to make room (the client's policy: fresh data matters most). */
    DROP_OLDEST,
    /** Drop new messages, and close the connection if the peer stays unwritable for the grace period. */
    DISCONNECT;

    /** Parses {@code drop-newest}, {@code drop_oldest}, {@code disconnect} (any case). */
    public static OverflowPolicy parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "slow_client_policy: expected drop-newest, drop-oldest or disconnect, got '" + text + "'", e);
        }
    }

    /** Tag value, e.g. {@code drop_oldest}. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
