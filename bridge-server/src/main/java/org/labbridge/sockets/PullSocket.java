package org.labbridge.sockets;

import io.netty.channel.ChannelHandler;
import org.labbridge.codec.pyexplabsys.Codenames;
import org.labbridge.codec.pyexplabsys.PullCommand;
import org.labbridge.codec.pyexplabsys.PullReplies;
import org.labbridge.codec.pyexplabsys.PullRequest;
import org.labbridge.codec.pyexplabsys.PyExpLabSys;
import org.labbridge.codec.python.PyTuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What {@link DateDataPullSocket} and {@link DataPullSocket} share (Python's {@code CommonDataPullSocket}):
 * codenames, points, timeouts, the pull commands, activity on set.
 */
public abstract class PullSocket extends UdpSocketServer {

    private static final Logger log = LoggerFactory.getLogger(PullSocket.class);
    private static final byte[] UNKNOWN = PyExpLabSys.UNKNOWN_COMMAND.getBytes(StandardCharsets.US_ASCII);
    /** The {@code cn#raw} and {@code cn#json} replies of a stale point. */
    private static final byte[] STALE_RAW = PullReplies.singleRaw(null).getBytes(StandardCharsets.UTF_8);
    private static final byte[] STALE_JSON = PullReplies.singleJson(null).getBytes(StandardCharsets.UTF_8);

    private final AtomicReference<PullState> state;
    private final boolean pokeOnSet;
    private final boolean autoCodenames;
    private final double autoTimeout;
    private volatile SocketMetrics<PullCommand> metrics;
    private final AtomicLong expired = new AtomicLong();
    private final RefusalLog refusals = new RefusalLog();

    PullSocket(Builder<?, ?> b, boolean dateType) {
        super(b, dateType ? "date" : "data");
        List<Double> timeouts = b.timeoutList != null ? Codenames.timeouts(b.codenames, b.timeoutList)
                : Codenames.timeouts(b.codenames, b.timeout);
        List<String> codenames = Codenames.validate(b.codenames);
        this.state = new AtomicReference<>(PullState.initial(dateType, codenames, timeouts,
                PyTuple.of(b.defaultX, b.defaultY), b.limits));
        this.pokeOnSet = b.pokeOnSet;
        this.autoCodenames = b.autoCodenames;
        this.autoTimeout = b.autoCodenameTimeout == null ? Double.NaN : b.autoCodenameTimeout;
        this.metrics = newMetrics(); // before start too, so that a handler can be tested on its own
    }

    private SocketMetrics<PullCommand> newMetrics() {
        return new SocketMetrics<>(meterRegistry, name, port(), PullCommand.class, PullCommand::tag);
    }

    /** The registered codenames, in order (what {@code codenames_json} lists). */
    public List<String> codenames() {
        return current().registered;
    }

    /** The bounds of this socket's state. */
    public StateLimits limits() {
        return state.get().limits;
    }

    /** How many codenames expired so far ({@link StateLimits#expirySeconds()}). */
    public long expiredCodenames() {
        return expired.get();
    }

    /** The largest whole-socket reply the current state can produce, in bytes. */
    public long largestReplyBytes() {
        return current().totals.largest();
    }

    /** The current state, without the codenames that expired by now. */
    PullState current() {
        PullState s = state.get();
        if (!s.limits.expires()) {
            return s;
        }
        double now = now();
        while (true) {
            List<String> gone = new ArrayList<>();
            PullState next = s.expire(now, gone);
            if (next == s || state.compareAndSet(s, next)) {
                if (!gone.isEmpty()) {
                    expired.addAndGet(gone.size());
                    log.debug("socket '{}': {} codename(s) not updated for {} s expired: {}", name, gone.size(),
                            s.limits.expirySeconds(), gone.size() > 5 ? gone.subList(0, 5) + "..." : gone);
                }
                return next;
            }
            s = state.get();
        }
    }

    /**
     * The codenames that setting these points now would refuse (nothing is set): lets a push be refused at
     * the door, with an error to its sender, before anything of it is stored. What it returns is recorded as
     * refused ({@code status}), as the caller then refuses the message.
     */
    public List<Refusal> check(Map<String, PyTuple> points) {
        PullState s = current();
        if (s.acceptsAll(points)) {
            return List.of();
        }
        List<Refusal> refused = s.with(points, now(), autoCodenames, autoTimeout).refused();
        refused.forEach(refusals::record);
        return refused;
    }

    /** How many codenames were refused for this reason so far (by a set or a {@link #check}). */
    public long refusedCodenames(Refusal.Reason reason) {
        return refusals.count(reason);
    }

    /** Adds {@code "refused"} (counts per reason, the last few codenames) and {@code "expired"} once there are any. */
    @Override
    void addStatus(Map<String, Object> entry) {
        if (refusals.any()) {
            entry.put("refused", refusals.toStatus());
        }
        long n = expired.get();
        if (n > 0) {
            entry.put("expired", n);
        }
    }

    /** The current point of a codename (stale or not), or {@code null} when it has none. */
    public PyTuple point(String codename) {
        PullState s = current();
        int i = s.indexOf(codename);
        return i < 0 ? null : s.points[i];
    }

    /**
     * Sets one point; an unregistered codename is appended (never stale, listed only by {@code json_wn} and
     * {@code cn#raw}/{@code cn#json}), or registered when the socket was built with {@code autoCodenames}.
     *
     * @return the codenames not set to keep the {@link StateLimits} (the others are set)
     * @throws IllegalArgumentException when the point has fewer than 2 elements (§8), or an auto-registered
     *                                  codename holds a forbidden character
     */
    List<Refusal> set(Map<String, PyTuple> points, double setTime) {
        for (Map.Entry<String, PyTuple> e : points.entrySet()) {
            PullReplies.checkPoint(e.getValue());
            if (autoCodenames) {
                Codenames.checkCharacters(e.getKey());
            }
        }
        PullState.Update u;
        while (true) {
            PullState s = current();
            u = s.with(points, setTime, autoCodenames, autoTimeout);
            if (state.compareAndSet(s, u.state())) {
                break;
            }
        }
        if (pokeOnSet && u.refused().size() < points.size()) {
            poke();
        }
        u.refused().forEach(refusals::record);
        return u.refused();
    }

    /** Python's {@code set_point_now}: {@code (now, y)}. */
    public List<Refusal> setPointNow(String codename, Object y) {
        double now = now();
        return set(Map.of(codename, PyTuple.of(now, y)), now);
    }

    /**
     * Sets several points in one atomic step: a concurrent request sees all of them or none.
     *
     * @param points codename to point (iteration order decides the order of new codenames)
     * @return the codenames not set to keep the {@link StateLimits} (the others are set)
     */
    public List<Refusal> setBatch(Map<String, PyTuple> points) {
        return set(new LinkedHashMap<>(points), now());
    }

    /** Sets several values at {@code now} ({@code (now, y)} each), atomically; returns what was refused. */
    public List<Refusal> setBatchNow(Map<String, ?> values) {
        double now = now();
        Map<String, PyTuple> points = new LinkedHashMap<>();
        values.forEach((cn, y) -> points.put(cn, PyTuple.of(now, y)));
        return set(points, now);
    }

    @Override
    ChannelHandler newHandler() {
        return new PullHandler();
    }

    @Override
    void onStarted() {
        metrics.close(); // fresh meters carrying the bound port (port 0 picks one)
        metrics = newMetrics();
    }

    @Override
    void onStopped() {
        SocketMetrics<PullCommand> m = metrics;
        m.close();
    }

    /** The reply to one request (package-private for tests of the dispatch). */
    byte[] reply(String request) {
        SocketMetrics<PullCommand> m = metrics;
        PullRequest r = PullRequest.parse(request);
        m.request(r.command());
        PullState s = current();
        switch (r.command()) {
            case UNKNOWN:
                m.error(ErrorReason.UNKNOWN_COMMAND);
                return UNKNOWN;
            case STATUS:
                return registry.statusJson().getBytes(StandardCharsets.UTF_8);
            case SINGLE_RAW:
            case SINGLE_JSON: {
                int i = s.indexOf(r.codename());
                if (i < 0) {
                    m.error(ErrorReason.UNKNOWN_COMMAND);
                    return UNKNOWN;
                }
                boolean json = r.command() == PullCommand.SINGLE_JSON;
                if (s.stale(i, Double.isNaN(s.timeouts[i]) ? 0 : now())) { // (no timeout: no clock read)
                    m.stale();
                    return json ? STALE_JSON : STALE_RAW;
                }
                return s.single(i, json);
            }
            default: {
                boolean[] stale = new boolean[1];
                byte[] bytes = s.whole(r.command(), name, s.anyTimeout ? now() : 0, stale);
                if (stale[0]) {
                    m.stale();
                }
                return bytes;
            }
        }
    }

    /** The channel handler: one per socket, on the event loop. */
    private final class PullHandler extends UdpRequestHandler {
        PullHandler() {
            super(PullSocket.this, true);
        }

        @Override
        byte[] handle(String request, InetSocketAddress sender) {
            if (log.isTraceEnabled()) {
                log.trace("socket '{}': request '{}' from {}", name, request, sender);
            }
            return reply(request);
        }

        @Override
        SocketMetrics<?> metrics() {
            return metrics;
        }

        @Override
        byte[] invalidUtf8Reply() {
            return UNKNOWN;
        }
    }

    /**
     * Options of the pull sockets (Python's keyword arguments, plus labbridge's).
     *
     * @param <B> the concrete builder
     * @param <S> the socket it builds
     */
    public abstract static class Builder<B extends Builder<B, S>, S extends PullSocket> extends SocketBuilder<B> {
        final List<String> codenames;
        Object defaultX = 0.0;
        Object defaultY = 0.0;
        Double timeout;
        List<Double> timeoutList;
        boolean pokeOnSet = true;
        boolean autoCodenames;
        Double autoCodenameTimeout;
        StateLimits limits = StateLimits.DEFAULT;

        Builder(String name, List<String> codenames, int defaultPort) {
            super(name, defaultPort, true);
            this.codenames = new ArrayList<>(codenames);
        }

        /** Python's {@code default_x} (default 0.0). */
        public B defaultX(Object defaultX) {
            this.defaultX = defaultX;
            return self();
        }

        /** Python's {@code default_y} (default 0.0). */
        public B defaultY(Object defaultY) {
            this.defaultY = defaultY;
            return self();
        }

        /** One timeout in seconds for every codename; {@code null} (default) = never stale. */
        public B timeout(Double seconds) {
            this.timeout = seconds;
            this.timeoutList = null;
            return self();
        }

        /** One timeout per codename, in codename order ({@code null} entries = never stale). */
        public B timeouts(List<Double> seconds) {
            this.timeoutList = new ArrayList<>(seconds);
            return self();
        }

        /** {@link #timeouts(List)} as varargs. */
        public B timeouts(Double... seconds) {
            return timeouts(Arrays.asList(seconds));
        }

        /** Python's {@code poke_on_set} (default true): setting a point counts as activity. */
        public B pokeOnSet(boolean pokeOnSet) {
            this.pokeOnSet = pokeOnSet;
            return self();
        }

        /**
         * labbridge's option for the daemon: setting an unknown codename registers it (appended in arrival
         * order, listed by {@code codenames_*}, {@code raw}, {@code json}) instead of Python's unlisted extra.
         */
        public B autoCodenames(boolean autoCodenames) {
            this.autoCodenames = autoCodenames;
            return self();
        }

        /** Timeout of auto-registered codenames in seconds ({@code null}, the default: never stale). */
        public B autoCodenameTimeout(Double seconds) {
            this.autoCodenameTimeout = seconds;
            return self();
        }

        /** Bounds of the state (default {@link StateLimits#DEFAULT}: every reply fits a datagram). */
        public B limits(StateLimits limits) {
            this.limits = java.util.Objects.requireNonNull(limits, "limits");
            return self();
        }

        /** Builds the socket (not started), checking the arguments with PyExpLabSys's texts. */
        public abstract S build();
    }
}
