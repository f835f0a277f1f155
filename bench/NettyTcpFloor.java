import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.util.ByteProcessor;
import org.labbridge.codec.python.JsonLimits;
import org.labbridge.codec.python.JsonValidator;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;

/**
 * The floor of bench/bridge-bench.sh: what Netty's epoll TCP transport itself reaches on this machine for the
 * bridge's two measured jobs when it does only what the C tools do, so that labbridge / C splits into
 * floor / C (what Netty costs) and labbridge / floor (what labbridge's own work costs: validating every
 * message, above all).
 *
 * <pre>
 *   ingest PORT SECONDS      counts the 0x17 delimiters of what connections send and checks that every message
 *                            has the first one's length, as tcp_recv -L does (memchr there, ByteBuf.indexOf
 *                            here: Netty's word-at-a-time search)
 *   relay UP DOWN SECONDS    after each read from a producer on UP, the run of complete messages goes to every
 *                            subscriber of DOWN as one write, as tcp_relay -m batch does (an unfinished message
 *                            waits for the next read); the producer stops reading while a subscriber is not
 *                            writable, and reads again when all are
 * </pre>
 *
 * No validation, no message objects, no meters. Set up as BridgeBench sets up labbridge: two epoll event
 * loops, TCP_NODELAY, Netty's default adaptive receive allocator (reads of up to 64 KiB); write watermarks of
 * 4/8 MiB (the bench's daemon runs its downstream server with write_buffer_high 8MiB). Prints READY once
 * listening, a summary line at the end. Run as a single-file program on the distribution's jars:
 *
 * <pre>java -cp 'bridge-server/target/labbridge/lib/*' bench/NettyTcpFloor.java ingest PORT SECONDS</pre>
 */
public final class NettyTcpFloor {

    private static final byte DELIMITER = 0x17;

    private NettyTcpFloor() {
    }

    public static void main(String[] args) throws Exception {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, EpollIoHandler.newFactory());
        try {
            switch (args[0]) {
                case "ingest" -> ingest(group, Integer.parseInt(args[1]), Integer.parseInt(args[2]), false);
                case "ingest-validating" -> ingest(group, Integer.parseInt(args[1]), Integer.parseInt(args[2]), true);
                case "relay" -> relay(group, Integer.parseInt(args[1]), Integer.parseInt(args[2]),
                        Integer.parseInt(args[3]), false);
                case "relay-validating" -> relay(group, Integer.parseInt(args[1]), Integer.parseInt(args[2]),
                        Integer.parseInt(args[3]), true);
                default -> throw new IllegalArgumentException("mode: ingest, ingest-validating, relay or relay-validating");
            }
        } finally {
            group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    private static ServerBootstrap server(EventLoopGroup group) {
        return new ServerBootstrap().group(group).channel(EpollServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(4 << 20, 8 << 20));
    }

    private static void ingest(EventLoopGroup group, int port, int seconds, boolean validating)
            throws InterruptedException {
        LongAdder messages = new LongAdder();
        LongAdder wrong = new LongAdder();
        server(group).childHandler(new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(validating ? new ValidatingCounter(messages, wrong)
                        : new DelimiterCounter(messages, wrong));
            }
        }).bind("127.0.0.1", port).sync();
        System.out.println("READY");
        Thread.sleep(seconds * 1000L);
        System.out.printf(Locale.ROOT, "floor %s: messages=%d %s=%d%n", validating ? "ingest-validating" : "ingest",
                messages.sum(), validating ? "invalid" : "wrong_length", wrong.sum());
    }

    private static void relay(EventLoopGroup group, int up, int down, int seconds, boolean validating)
            throws InterruptedException {
        CopyOnWriteArrayList<Channel> subscribers = new CopyOnWriteArrayList<>();
        CopyOnWriteArrayList<Channel> producers = new CopyOnWriteArrayList<>();
        LongAdder batches = new LongAdder();
        server(group).childHandler(new ChannelInboundHandlerAdapter() {
            @Override
            public boolean isSharable() {
                return true;
            }

            @Override
            public void channelActive(ChannelHandlerContext ctx) {
                subscribers.add(ctx.channel());
            }

            @Override
            public void channelInactive(ChannelHandlerContext ctx) {
                subscribers.remove(ctx.channel());
                resumeIfAllWritable(subscribers, producers);
            }

            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ((ByteBuf) msg).release(); // subscribers send nothing that counts
            }

            @Override
            public void channelWritabilityChanged(ChannelHandlerContext ctx) {
                resumeIfAllWritable(subscribers, producers);
            }
        }).bind("127.0.0.1", down).sync();
        server(group).childHandler(new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(new RelayProducer(subscribers, producers, batches,
                        validating ? new MessageChecker() : null));
            }
        }).bind("127.0.0.1", up).sync();
        System.out.println("READY");
        Thread.sleep(seconds * 1000L);
        System.out.printf(Locale.ROOT, "floor relay: batches=%d subscribers=%d%n", batches.sum(), subscribers.size());
    }

    private static void resumeIfAllWritable(List<Channel> subscribers, List<Channel> producers) {
        for (Channel s : subscribers) {
            if (!s.isWritable()) {
                return;
            }
        }
        for (Channel p : producers) {
            if (!p.config().isAutoRead()) {
                p.config().setAutoRead(true);
            }
        }
    }

    /** One producer connection of the relay: forwards each read's complete messages to every subscriber. */
    private static final class RelayProducer extends ChannelInboundHandlerAdapter {
        private static final ByteProcessor LAST_DELIMITER = new ByteProcessor.IndexOfProcessor(DELIMITER);
        private final List<Channel> subscribers;
        private final List<Channel> producers;
        private final LongAdder batches;
        /** relay-validating: checks each message of a run; invalid ones are not forwarded. */
        private final MessageChecker checker;
        /** The unfinished message at the end of the last read (this connection's; one handler each). */
        private ByteBuf rest;

        RelayProducer(List<Channel> subscribers, List<Channel> producers, LongAdder batches, MessageChecker checker) {
            this.subscribers = subscribers;
            this.producers = producers;
            this.batches = batches;
            this.checker = checker;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            producers.add(ctx.channel());
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            producers.remove(ctx.channel());
            if (rest != null) {
                rest.release();
                rest = null;
            }
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf in = (ByteBuf) msg;
            int last = in.forEachByteDesc(LAST_DELIMITER);
            if (last < 0) {
                rest = rest == null ? in : ctx.alloc().compositeDirectBuffer().addComponents(true, rest, in);
                return;
            }
            ByteBuf run = in.readRetainedSlice(last + 1 - in.readerIndex());
            if (rest != null) {
                CompositeByteBuf both = ctx.alloc().compositeDirectBuffer(2);
                run = both.addComponents(true, rest, run);
            }
            rest = in.isReadable() ? ctx.alloc().directBuffer(in.readableBytes()).writeBytes(in) : null;
            in.release();
            if (checker != null) {
                run = checker.validOnly(ctx, run);
            }
            batches.add(1);
            boolean allWritable = true;
            for (Channel s : subscribers) {
                s.writeAndFlush(run.retainedDuplicate(), s.voidPromise());
                allWritable &= s.isWritable();
            }
            run.release();
            if (!allWritable) {
                ctx.channel().config().setAutoRead(false);
                resumeIfAllWritable(subscribers, producers); // one may have drained in between
            }
        }
    }

    /** ingest: counts the delimiters and checks every message's length, as tcp_recv -L does. */
    private static final class DelimiterCounter extends ChannelInboundHandlerAdapter {
        private final LongAdder messages;
        private final LongAdder wrongLength;
        /** The length of the first message: every other must have it (tcp_send sends one). */
        private long length = -1;
        /** The bytes of the current message in earlier reads. */
        private long carry;

        DelimiterCounter(LongAdder messages, LongAdder wrongLength) {
            this.messages = messages;
            this.wrongLength = wrongLength;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf in = (ByteBuf) msg;
            try {
                int start = in.readerIndex();
                int end = in.writerIndex();
                int n = 0;
                int wrong = 0;
                for (int d; (d = in.indexOf(start, end, DELIMITER)) >= 0; start = d + 1) {
                    long len = carry + d - start;
                    if (length < 0) {
                        length = len;
                    } else if (len != length) {
                        wrong++;
                    }
                    carry = 0;
                    n++;
                }
                carry += end - start;
                messages.add(n);
                wrongLength.add(wrong);
            } finally {
                in.release();
            }
        }
    }

    /**
     * ingest-validating: each message checked with labbridge's own validator and counted; nothing else (no
     * frame objects, no delivery).
     */
    private static final class ValidatingCounter extends ChannelInboundHandlerAdapter {
        private final MessageChecker checker = new MessageChecker();
        private final LongAdder messages;
        private final LongAdder invalid;

        ValidatingCounter(LongAdder messages, LongAdder invalid) {
            this.messages = messages;
            this.invalid = invalid;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf in = (ByteBuf) msg;
            try {
                checker.check(in, true);
                messages.add(checker.valid);
                invalid.add(checker.invalid);
            } finally {
                in.release();
            }
        }
    }

    /**
     * The validation of the -validating modes: what was read is copied after the unfinished message of the
     * last read into one array with a 0 after it, and each message checked there with labbridge's own
     * validator (the fast path of JsonValidator that the bridge's frame decoder runs on valid frames, and
     * the same copy the decoder makes); a message it does not accept is invalid (the bench sends none).
     */
    private static final class MessageChecker {
        private final JsonValidator.Checker json = new JsonValidator(JsonLimits.DEFAULT).checker();
        private byte[] window = new byte[(128 << 10) + 1];
        /** Bytes of an unfinished message at the window's start. */
        private int carry;
        /** The last check's counts. */
        int valid;
        int invalid;

        /**
         * Checks the complete messages of {@code in}, after the unfinished one an earlier call kept; keeps
         * the unfinished one at its end when {@code keep}. @return where the complete messages end
         */
        int check(ByteBuf in, boolean keep) {
            int n = in.readableBytes();
            if (carry + n + 1 > window.length) {
                window = Arrays.copyOf(window, carry + n + 1);
            }
            in.getBytes(in.readerIndex(), window, carry, n);
            int end = carry + n;
            byte[] w = window;
            w[end] = 0;
            valid = 0;
            invalid = 0;
            int pos = 0;
            for (int next; pos < end && (next = next(w, pos, end)) != 0; pos = Math.abs(next)) {
                if (next > 0) {
                    valid++;
                } else {
                    invalid++;
                }
            }
            carry = keep ? end - pos : 0;
            System.arraycopy(w, pos, w, 0, carry);
            return pos;
        }

        /** Where the message at {@code pos} ends (after its delimiter), negated if invalid; 0 if unfinished. */
        private int next(byte[] w, int pos, int end) {
            int e = json.acceptFrom(w, pos);
            if (e >= 0 && w[e] == DELIMITER) {
                return e + 1;
            }
            for (int d = pos; d < end; d++) {
                if (w[d] == DELIMITER) {
                    return -(d + 1);
                }
            }
            return 0;
        }

        /** The valid messages of {@code run} (complete messages only): {@code run} itself when all are. */
        ByteBuf validOnly(ChannelHandlerContext ctx, ByteBuf run) {
            int end = check(run, false);
            if (invalid == 0) {
                return run;
            }
            ByteBuf kept = ctx.alloc().directBuffer(run.readableBytes());
            for (int pos = 0, next; pos < end; pos = Math.abs(next)) {
                next = next(window, pos, end);
                if (next > 0) {
                    kept.writeBytes(window, pos, next - pos);
                }
            }
            run.release();
            return kept;
        }
    }
}
