package org.labbridge.daemon.nodes;

import java.util.List;
import io.micrometer.core.instrument.Tag;
import org.labbridge.daemon.AckBarrier;
import org.labbridge.daemon.Message;
import org.labbridge.daemon.NodeContext;
import org.labbridge.daemon.config.PushNodeConfig;
import org.labbridge.logging.RateLimitedLogger;
import org.labbridge.sockets.DataPushSocket;
import org.labbridge.sockets.PushAction;
import org.labbridge.sockets.Refusal;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * A {@code push} node: a PyExpLabSys push socket; every accepted request becomes a message, acknowledged
 * once the durable sinks it is routed to have stored it (at once when there are none).
 */
public final class PushSocketNode extends AbstractNode<PushNodeConfig> {

    private static final RateLimitedLogger limited = RateLimitedLogger.of(PushSocketNode.class);

    private final DataPushSocket socket;
    private volatile Function<Map<String, Object>, String> routesRefusal = values -> null;
    private final AtomicLong refused = new AtomicLong();
    /** The admission's codename check (the socket's event loop calls the admission, one push at a time). */
    private final LongCodenames longCodenames = new LongCodenames();

    PushSocketNode(PushNodeConfig config, NodeContext context) {
        super(config);
        this.socket = DataPushSocket.builder(config.socketName())
                .action(PushAction.STORE_LAST)
                .port(config.port())
                .bindAddress(config.bind())
                .allow(org.labbridge.access.SourceAllowlist.of(config.allow()))
                .transport(context.transport())
                .meterRegistry(context.registry())
                .maxDatagramSize(config.maxDatagramSize().toIntClamped())
                .receiveBufferSize(config.receiveBuffer().toIntClamped())
                .checkActivity(config.checkActivity())
                .activityTimeout(config.activityTimeout().toMillis() / 1000.0)
                .admission(this::doorRefusal)
                .maxUpdatedBytes(config.maxStateBytes().bytes())
                .build();
        // The ACK waits for the durable sinks the push is routed to (a bridge-client with a spool): an
        // acknowledged push is then spooled (written, and fsynced with fsync: always).
        socket.acknowledgeWhen(pushed -> {
            AckBarrier ack = new AckBarrier();
            // the socket's own map, never changed; its receive time as the socket has it
            emit(Message.ofUnmodifiable(pushed.data(), pushed.receiveTime(), config.name(), ack));
            return ack.waits() ? ack.all() : null; // null: the ACK goes out at once, no future per push
        });
    }

    @Override
    public void admitWith(Function<Map<String, Object>, String> routesRefusal) {
        this.routesRefusal = routesRefusal;
    }

    /**
     * Why a push is refused before anything of it is stored or acknowledged: a codename longer than
     * {@code max_codename_length}, or a node it is routed to that could not keep it (its state limits).
     */
    private String doorRefusal(Map<String, Object> values) {
        int max = config.maxCodenameLength();
        String cn = longCodenames.first(values, max);
        if (cn != null) {
            String why = "The codename '" + Refusal.shorten(cn) + "' has " + cn.codePointCount(0, cn.length())
                    + " characters; at most " + max + " are allowed";
            logRefusal(refused.incrementAndGet(), why);
            return why;
        }
        return routesRefusal.apply(values); // the node that refuses counts and logs it, with its reason
    }

    /** One line per node per minute, then a summary (rate-limited): a sender cannot flood the log. */
    private void logRefusal(long n, String why) {
        limited.warn(config.name() + " codename_too_long", "{}: push refused ({} so far): {}", config.name(), n, why);
    }

    public DataPushSocket socket() {
        return socket;
    }

    @Override
    public void start() {
        socket.start();
    }

    @Override
    public void stop(Duration drain) {
        socket.stop();
    }

    @Override
    public String describe() {
        return "push udp " + socket.localAddress();
    }

    @Override
    public List<Tag> meterTags() {
        // the socket's meters carry its port (unique per UDP socket); the node's own carry its name
        return List.of(Tag.of("node", name()), Tag.of("port", String.valueOf(socket.port())));
    }

    /**
     * Finds the first codename longer than a maximum with {@link Map#forEach}: the key set view, its
     * unmodifiable wrapper and their iterators were four objects per push. Reused: not thread-safe.
     */
    private static final class LongCodenames implements BiConsumer<String, Object> {
        private int max;
        private String first;

        /** The first key of {@code values} with more than {@code max} code points, or null. */
        String first(Map<String, Object> values, int max) {
            this.max = max;
            this.first = null;
            values.forEach(this);
            String found = first;
            first = null;
            return found;
        }

        @Override
        public void accept(String cn, Object value) {
            if (first == null && cn.length() > max && cn.codePointCount(0, cn.length()) > max) {
                first = cn;
            }
        }
    }
}
