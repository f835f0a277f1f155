package org.labbridge.codec.message;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.netty.buffer.ByteBuf;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.function.Supplier;

/**
 * Values written as UTF-8 JSON into a {@link ByteBuf} by a Jackson generator kept per thread, which writes
 * into whichever buffer the call gives it. Making a generator per message (its I/O context, its buffers
 * from Jackson's recycler, closing it) was ~4 % of the CPU of a push routed to a bridge (perf, 2026-12-06);
 * a kept generator writes one root value after another, with no separator, and is flushed after each.
 *
 * <p>A write that fails leaves its generator inside a value: that generator is dropped, never used again,
 * and the thread's next write makes a new one. A write made while one is in progress on the same thread
 * (a value's own Jackson serializer encoding with the same codec) gets a generator of its own. Each thread
 * has its own generator per codec (an event loop formats on its own), held through a {@link ThreadLocal},
 * so that a codec that is dropped leaves nothing behind in the threads that used it but what their maps
 * clean up.
 */
final class Utf8JsonOutput {

    private final Supplier<JsonMapper> mapper;
    private final ThreadLocal<Kept> kept = new ThreadLocal<>();

    /** @param mapper the codec's mapper (its factory's write features), asked on first use */
    Utf8JsonOutput(Supplier<JsonMapper> mapper) {
        this.mapper = mapper;
    }

    /** Appends {@code value} as JSON to {@code out}; on failure some of it may have been appended. */
    void write(ByteBuf out, Object value) throws IOException {
        Kept k = kept.get();
        if (k != null && k.sink.target != null) {
            // A write within a write on this thread (a value whose Jackson serializer encodes with this codec):
            // the kept generator is inside the outer value, so this one gets its own.
            writeWith(newKept(), out, value);
            return;
        }
        if (k == null) {
            k = newKept();
            kept.set(k);
        }
        boolean written = false;
        try {
            writeWith(k, out, value);
            written = true;
        } finally {
            if (!written) {
                kept.remove();
            }
        }
    }

    private static void writeWith(Kept k, ByteBuf out, Object value) throws IOException {
        k.sink.target = out;
        try {
            JsonValueWriter.write(k.generator, value);
            k.generator.flush();
        } finally {
            k.sink.target = null;
        }
    }

    private Kept newKept() {
        Sink sink = new Sink();
        try {
            JsonGenerator g = mapper.get().createGenerator(sink);
            g.setRootValueSeparator(null); // one message per write: nothing between them
            return new Kept(sink, g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The generator and the stream it writes to. */
    private record Kept(Sink sink, JsonGenerator generator) {
    }

    /** The buffer of the write in progress, as Jackson's output stream. */
    private static final class Sink extends OutputStream {
        ByteBuf target;

        @Override
        public void write(int b) {
            target.writeByte(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            target.writeBytes(b, off, len);
        }
    }
}
