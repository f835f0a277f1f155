package org.labbridge.sockets;

/**
 * What a push socket does when its bounded queue (or callback worker) is full. Either way the overflow is
 * counted ({@link UdpSocketMeters#QUEUE_OVERFLOW}).
 */
public enum OverflowPolicy {
    /** Refuse the new message: not stored, answered {@code ERROR#The queue is full ...}. */
    REJECT,
    /**
     * Drop the oldest waiting message and accept the new one (answered {@code ACK#}). Not used by
     * {@code callback_direct}, whose waiting senders each expect a reply: it always rejects.
     */
    DROP_OLDEST
}
