package org.labbridge.codec.message;

/**
 * Told how many messages a connection's {@link MessageFrameDecoder} passed on, and their bytes on the wire
 * (delimiter included), once per read batch rather than once per message, so that the owner can count them
 * (the codecs know no metrics registry). Dropped frames are not counted here: they go to the
 * {@link org.labbridge.codec.frame.FrameDropListener}. Called on the channel's event loop; must not block.
 */
@FunctionalInterface
public interface ReceiveCounter {

    /** Counts nothing. */
    ReceiveCounter NONE = (messages, bytes) -> { };

    /**
     * @param messages messages passed on since the last call (at least 1)
     * @param bytes    their wire bytes, delimiters included
     */
    void received(long messages, long bytes);
}
