package org.labbridge.codec.frame;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.ByteToMessageDecoder;

/**
 * Netty's {@code MERGE_CUMULATOR}, except that the bytes already decoded are dropped before a read is
 * appended, when that makes room: the usual state of a busy connection is a buffer of one read, fully
 * decoded but for the start of one message, and the next read of the same size.
 *
 * <p>Why: the merge cumulator appends after everything read so far, decoded or not, so a buffer that held
 * one read grew to two (then four...) reads' size on the next one, by a reallocation. Above the channel
 * allocator's largest pooled size that is an unpooled direct buffer, zeroed, per read: {@code perf} put
 * that at ~3 % of a relay's CPU (Unsafe.setMemory under AdaptivePoolingAllocator.reallocate). Moving the
 * remainder (less than one frame) to the front keeps one buffer in use, read after read.
 *
 * <p>The cumulation is changed in place only when nothing else holds it ({@code refCnt() == 1}), as
 * {@link ByteToMessageDecoder} itself requires before discarding read bytes: a decoder that emits retained
 * slices of it makes the remainder stay where it is.
 */
final class CompactingCumulator implements ByteToMessageDecoder.Cumulator {

    static final CompactingCumulator INSTANCE = new CompactingCumulator();

    private CompactingCumulator() {
    }

    @Override
    public ByteBuf cumulate(ByteBufAllocator alloc, ByteBuf cumulation, ByteBuf in) {
        if (cumulation == in) {
            in.release(); // as Netty's cumulators: the same buffer handed twice
            return cumulation;
        }
        if (!cumulation.isReadable() && in.isContiguous()) {
            cumulation.release();
            return in;
        }
        try {
            int required = in.readableBytes();
            boolean ours = cumulation.refCnt() == 1 && !cumulation.isReadOnly();
            if (ours && required > cumulation.writableBytes() && cumulation.readerIndex() > 0) {
                cumulation.discardReadBytes(); // and if it must still grow, it copies only what is undecoded
            }
            if (ours && required <= cumulation.writableBytes()) {
                cumulation.writeBytes(in, in.readerIndex(), required);
                in.readerIndex(in.writerIndex());
                return cumulation;
            }
            return ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(alloc, cumulation, in.retain());
        } finally {
            in.release();
        }
    }
}
