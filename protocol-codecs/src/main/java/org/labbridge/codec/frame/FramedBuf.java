package org.labbridge.codec.frame;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;

/**
 * A buffer that already ends with the delimiter: {@link DelimiterEncoder} writes its content as is.
 * The bridge server encodes a published message once, delimiter included, and writes a
 * {@code retainedDuplicate()} of it to every client: one outbound entry per client instead of two.
 */
public final class FramedBuf extends DefaultByteBufHolder {

    public FramedBuf(ByteBuf frameWithDelimiter) {
        super(frameWithDelimiter);
    }

    @Override
    public FramedBuf replace(ByteBuf content) {
        return new FramedBuf(content);
    }
}
