import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import org.labbridge.codec.python.InvalidJsonException;
import org.labbridge.codec.python.JsonLimits;
import org.labbridge.codec.python.JsonValidator;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The floor of the bridge benchmarks (bench/bridge-bench.sh, the fan-out curve of bench/curves.sh): what
 * Netty's epoll TCP transport reaches on this machine when it does only what the C tools do, and again with
 * labbridge's own validator on every message and nothing else. So labbridge / C splits into floor / C (what
 * Netty costs), validating floor / C (what validating costs) and labbridge / validating floor (what the rest
 * of labbridge costs: message objects, routing, meters).
 *
 * <pre>
 *   ingest PORT SECONDS              counts the 0x17 delimiters of what connections send and checks that every
 *                                    message has the first one's length, as tcp_recv -L does with its fixed -l
 *                                    (memchr there, ByteBuf.indexOf here: Netty's word-at-a-time search)
 *   ingest-validating PORT SECONDS   each message checked with labbridge's validator, counted; no framing
 *                                    objects, no delivery
 *   relay UP DOWN SECONDS            after each read from a producer on UP, the run of complete messages (each
 *                                    found and counted, as tcp_relay -m batch does) goes to every subscriber of
 *                                    DOWN as one write; an unfinished message waits for the next read; the
 *                                    producer stops reading while a subscriber is not writable, and reads again
 *                                    when all are
 *   relay-validating UP DOWN SECONDS the same, each message checked with labbridge's validator first; invalid
 *                                    ones are not forwarded (tcp_relay -m batch -V)
 * </pre>
 *
 * Validating: what was read is copied into an array (as labbridge's frame decoder copies it) and each message
 * checked there, by the validator's fast path and, where that cannot decide, its exact check, so exactly the
 * messages labbridge's validator accepts count as valid. No meters, no logging per message. Set up as
 * BridgeBench sets up labbridge: two epoll event loops, TCP_NODELAY, Netty's default adaptive receive allocator
 * (reads of up to 64 KiB), write watermarks of 4/8 MiB (the benches' daemon runs its downstream server with
 * write_buffer_high 8MiB). Prints READY once listening and, at exit (also on SIGTERM), a summary line with
 * what it counted. Compiled against the distribution's jars:
 *
 * <pre>javac -d OUT -cp 'bridge-server/target/labbridge/lib/*' bench/NettyTcpFloor.java
 * java -cp "OUT:bridge-server/target/labbridge/lib/*" NettyTcpFloor ingest PORT SECONDS</pre>
 */
public final class NettyTcpFloor {

    private static final byte DELIMITER = 0x17;

    private NettyTcpFloor() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        boolean validating = mode.endsWith("-validating");
        LongAdder messages = new LongAdder();
        LongAdder rejected = new LongAdder();
        // what a mode counts as not passed on: invalid messages, or (ingest) messages of another length
        String rejectedName = validating ? " invalid=" : mode.equals("ingest") ? " wrong_length=" : null;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.printf(Locale.ROOT, "floor %s: messages=%d%s%n",
                mode, messages.sum(), rejectedName == null ? "" : rejectedName + rejected.sum())));
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, EpollIoHandler.newFactory());
        try {
            int seconds;
            switch (mode) {
                case "ingest", "ingest-validating" -> {
                    server(group, () -> validating ? new ValidatingCounter(messages, rejected)
                            : new DelimiterCounter(messages, rejected)).bind("127.0.0.1", Integer.parseInt(args[1])).sync();
                    seconds = Integer.parseInt(args[2]);
                }
                case "relay", "relay-validating" -> {
                    List<Channel> subscribers = new CopyOnWriteArrayList<>();
                    List<Channel> producers = new CopyOnWriteArrayList<>();
                    server(group, () -> new Subscriber(subscribers, producers))
                            .bind("127.0.0.1", Integer.parseInt(args[2])).sync();
                    server(group, () -> new RelayProducer(subscribers, producers, messages, rejected,
                            validating ? new MessageChecker() : null)).bind("127.0.0.1", Integer.parseInt(args[1])).sync();
                    seconds = Integer.parseInt(args[3]);
                }
                default -> throw new IllegalArgumentException(
                        "mode: ingest, ingest-validating, relay or relay-validating");
            }
            System.out.println("READY");
            Thread.sleep(seconds * 1000L);
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    /** A server whose every connection gets a new handler from {@code handler}. */
    private static ServerBootstrap server(EventLoopGroup group, java.util.function.Supplier<ChannelHandler> handler) {
        return new ServerBootstrap().group(group).channel(EpollServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(4 << 20, 8 << 20))
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(handler.get());
                    }
                });
    }

    /** A handler of the floor: a peer that fails (a reset) is closed without a log line per failure. */
    private abstract static class Quiet extends ChannelInboundHandlerAdapter {
        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
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

    /** One subscriber connection of the relay: what it sends is dropped; its writability steers the producers. */
    private static final class Subscriber extends Quiet {
        private final List<Channel> subscribers;
        private final List<Channel> producers;

        Subscriber(List<Channel> subscribers, List<Channel> producers) {
            this.subscribers = subscribers;
            this.producers = producers;
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
            ((ByteBuf) msg).release();
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            resumeIfAllWritable(subscribers, producers);
        }
    }

    /** One producer connection of the relay: forwards each read's complete messages to every subscriber. */
    private static final class RelayProducer extends Quiet {
        private final List<Channel> subscribers;
        private final List<Channel> producers;
        private final LongAdder messages;
        private final LongAdder invalid;
        /** relay-validating: checks each message of a run; invalid ones are not forwarded. */
        private final MessageChecker checker;
        /** The unfinished message at the end of the last read (this connection's). */
        private ByteBuf rest;

        RelayProducer(List<Channel> subscribers, List<Channel> producers, LongAdder messages, LongAdder invalid,
                      MessageChecker checker) {
            this.subscribers = subscribers;
            this.producers = producers;
            this.messages = messages;
            this.invalid = invalid;
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
            ByteBuf run = completeMessages(ctx, in);
            if (run == null) {
                return;
            }
            if (checker != null) {
                run = checker.validOnly(ctx, run);
                messages.add(checker.valid);
                invalid.add(checker.invalid);
                if (run == null) {
                    return;
                }
            }
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

        /**
         * The complete messages up to the last delimiter of {@code in} (after the unfinished one of the last
         * read), or null when it holds none; keeps what follows. Without a checker every delimiter is found
         * and counted from the front, as tcp_relay does (the checker finds them itself).
         */
        private ByteBuf completeMessages(ChannelHandlerContext ctx, ByteBuf in) {
            int last = -1;
            int end = in.writerIndex();
            if (checker == null) {
                int n = 0;
                for (int d = in.indexOf(in.readerIndex(), end, DELIMITER); d >= 0;
                     d = in.indexOf(d + 1, end, DELIMITER)) {
                    last = d;
                    n++;
                }
                messages.add(n);
            } else {
                for (int d = end - 1; d >= in.readerIndex(); d--) {
                    if (in.getByte(d) == DELIMITER) {
                        last = d;
                        break;
                    }
                }
            }
            if (last < 0) {
                rest = rest == null ? in : ctx.alloc().compositeDirectBuffer().addComponents(true, rest, in);
                return null;
            }
            ByteBuf run = in.readRetainedSlice(last + 1 - in.readerIndex());
            if (rest != null) {
                run = ctx.alloc().compositeDirectBuffer(2).addComponents(true, rest, run);
            }
            rest = in.isReadable() ? ctx.alloc().directBuffer(in.readableBytes()).writeBytes(in) : null;
            in.release();
            return run;
        }
    }

    /** ingest: counts the delimiters and checks every message's length, as tcp_recv -L does. */
    private static final class DelimiterCounter extends Quiet {
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

    /** ingest-validating: each message checked with labbridge's own validator and counted; nothing else. */
    private static final class ValidatingCounter extends Quiet {
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
     * last read into one array with a 0 after it, and each message checked there with labbridge's validator:
     * its fast path ({@code acceptFrom}, what the bridge's frame decoder runs on valid frames) and, where that
     * does not accept, its exact check on the frame (as the decoder then does).
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
                    return exactlyValid(w, pos, d) ? d + 1 : -(d + 1);
                }
            }
            return 0;
        }

        private boolean exactlyValid(byte[] w, int from, int to) {
            try {
                json.validate(w, from, to - from);
                return true;
            } catch (InvalidJsonException e) {
                return false;
            }
        }

        /**
         * The valid messages of {@code run} (complete messages only): {@code run} itself when all are, null when
         * none is (then {@code run} is released).
         */
        ByteBuf validOnly(ChannelHandlerContext ctx, ByteBuf run) {
            int end = check(run, false);
            if (invalid == 0) {
                return run;
            }
            ByteBuf kept = null;
            if (valid > 0) {
                kept = ctx.alloc().directBuffer(run.readableBytes());
                for (int pos = 0, next; pos < end; pos = Math.abs(next)) {
                    next = next(window, pos, end);
                    if (next > 0) {
                        kept.writeBytes(window, pos, next - pos);
                    }
                }
            }
            run.release();
            return kept;
        }
    }
}
