package org.labbridge.codec.frame;

/**
 * Told about every frame the codecs drop, so the owner can count it (the codecs themselves know no
 * metrics registry). Called on the channel's event loop; must not block.
 */
@FunctionalInterface
public interface FrameDropListener {

    /** A listener that ignores drops (the codecs still log them). */
    FrameDropListener NONE = (reason, bytes, detail) -> { };

    /**
     * @param reason why the frame was dropped
     * @param bytes  how many bytes were dropped (for an oversize frame: its full length)
     * @param detail a short human explanation, for logs
     */
    void onDrop(DropReason reason, long bytes, String detail);
}
