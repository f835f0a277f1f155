package org.labbridge.sockets;

import org.labbridge.codec.pyexplabsys.PullReplies;
import org.labbridge.codec.pyexplabsys.PyExpLabSys;
import org.labbridge.codec.python.PyJson;
import org.labbridge.codec.python.PyTuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * PyExpLabSys's {@code LiveSocket}: a publisher. Every {@code set_point}/{@code set_batch} sends one datagram
 * {@code {"host": "<hostname>", "data": {"<cn>": <point>, ...}}} to the live server, and also sets the
 * points on an internal {@link DataPullSocket} (default port 8000, no timeouts) so that the values and
 * {@code status} stay pullable.
 */
public final class LiveSocket implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LiveSocket.class);

    private final String name;
    private final Set<String> codenames;
    private final InetSocketAddress liveServer;
    private final String hostname;
    private final DataPullSocket pullSocket;
    private final DatagramChannel sender;
    private final java.time.Clock clock;

    private LiveSocket(Builder b) {
        this.name = b.name;
        this.codenames = new LinkedHashSet<>(b.codenames);
        this.hostname = b.hostname != null ? b.hostname : SystemStatus.machineName();
        this.clock = b.pull.clock;
        // Python resolves the live server once, to avoid a DNS lookup per transmission.
        try {
            this.liveServer = new InetSocketAddress(InetAddress.getByName(b.liveServerHost), b.liveServerPort);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot resolve the live server '" + b.liveServerHost + "'", e);
        }
        this.pullSocket = b.noInternalPullSocket ? null : b.pull.build();
        try {
            this.sender = DatagramChannel.open();
            // Non-blocking: the daemon calls setBatch on an event loop, which must never wait for buffer space.
            sender.configureBlocking(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the live socket's UDP sender", e);
        }
    }

    /**
     * A builder with Python's defaults: internal pull socket on port 8000, live server at
     * {@code liveServerHost:liveServerPort} (required: Python reads them from its settings file).
     */
    public static Builder builder(String name, List<String> codenames, String liveServerHost, int liveServerPort) {
        return new Builder(name, codenames, liveServerHost, liveServerPort);
    }

    /** The socket's name. */
    public String name() {
        return name;
    }

    /** The host name sent in every datagram. */
    public String hostname() {
        return hostname;
    }

    /** The internal pull socket, or {@code null} when built without one. */
    public DataPullSocket internalPullSocket() {
        return pullSocket;
    }

    /** Starts the internal pull socket. */
    public void start() {
        if (pullSocket != null) {
            pullSocket.start();
        }
    }

    /** Stops the internal pull socket and closes the sender. */
    public void stop() {
        if (pullSocket != null) {
            pullSocket.stop();
        }
        try {
            sender.close();
        } catch (IOException e) {
            log.debug("live socket '{}': closing the sender: {}", name, e.toString());
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** Python's {@code set_point(codename, point)}. */
    public void setPoint(String codename, PyTuple point) {
        Map<String, Object> batch = new LinkedHashMap<>();
        batch.put(codename, point);
        setBatch(batch);
    }

    /** Python's {@code set_point_now(codename, value)}: {@code (now, value)}. */
    public void setPointNow(String codename, Object value) {
        setPoint(codename, PyTuple.of(now(), value));
    }

    /** Python's {@code set_batch_now({cn: value})}: every value at the same {@code now}. */
    public void setBatchNow(Map<String, ?> values) {
        double now = now();
        Map<String, Object> batch = new LinkedHashMap<>();
        values.forEach((cn, v) -> batch.put(cn, PyTuple.of(now, v)));
        setBatch(batch);
    }

    /**
     * Python's {@code set_batch({cn: point})}: sets the points and sends them in one datagram.
     *
     * @return the codenames the internal pull socket refused to keep its {@link StateLimits} (not sent either)
     * @throws IllegalStateException {@code The codename: '<cn>' is not registered} (nothing is set or sent)
     */
    public List<Refusal> setBatch(Map<String, ?> batch) {
        for (String cn : batch.keySet()) {
            if (!codenames.contains(cn)) {
                throw new IllegalStateException("The codename: '" + cn + "' is not registered");
            }
        }
        List<Refusal> refused = List.of();
        Map<String, Object> sent = new LinkedHashMap<>(batch);
        if (pullSocket != null) {
            Map<String, PyTuple> points = new LinkedHashMap<>();
            batch.forEach((cn, v) -> points.put(cn, toTuple(v)));
            refused = pullSocket.setBatch(points);
            // what the internal pull socket could not hold (its state limits) is not published either
            refused.forEach(r -> sent.remove(r.codename()));
        }
        if (!sent.isEmpty()) {
            Map<String, Object> message = new LinkedHashMap<>();
            message.put("host", hostname);
            message.put("data", sent);
            send(PyJson.dumps(message));
        }
        return refused;
    }

    /** Python's {@code reset(codenames)}: sends {@code "RESET"} as the value of each codename. */
    public void reset(List<String> resetCodenames) {
        Map<String, Object> batch = new LinkedHashMap<>();
        for (String cn : resetCodenames) {
            batch.put(cn, "RESET");
        }
        setBatch(batch);
    }

    /**
     * Python's internal pull socket stores {@code tuple(value)}: a point stays a point and, byte for byte,
     * the string {@code "RESET"} becomes {@code ('R', 'E', 'S', 'E', 'T')}, served raw as {@code R,E}.
     */
    private static PyTuple toTuple(Object value) {
        if (value instanceof PyTuple t) {
            return PullReplies.checkPoint(t);
        }
        if (value instanceof List<?> l) {
            return PullReplies.checkPoint(new PyTuple(new ArrayList<>(l)));
        }
        if (value instanceof String s) {
            List<Object> chars = new ArrayList<>();
            s.codePoints().forEach(cp -> chars.add(new String(Character.toChars(cp))));
            return PullReplies.checkPoint(new PyTuple(chars));
        }
        throw new IllegalArgumentException("A live point must be a tuple or list of at least (x, y): "
                + value);
    }

    private void send(String json) {
        try {
            if (sender.send(ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8)), liveServer) == 0) {
                // the send buffer is full: a live datagram is a best-effort update, the next one supersedes it
                log.debug("live socket '{}': send buffer full, datagram to {} dropped", name, liveServer);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("live socket '" + name + "': cannot send to " + liveServer, e);
        }
    }

    private double now() {
        java.time.Instant i = clock.instant();
        return i.getEpochSecond() + i.getNano() / 1e9;
    }

    /** Options of {@link LiveSocket}; the internal pull socket's options are set through {@link #pull}. */
    public static final class Builder {
        final String name;
        final List<String> codenames;
        final String liveServerHost;
        final int liveServerPort;
        String hostname;
        boolean noInternalPullSocket;
        final DataPullSocket.Builder pull;

        Builder(String name, List<String> codenames, String liveServerHost, int liveServerPort) {
            this.name = Objects.requireNonNull(name, "name");
            this.codenames = List.copyOf(codenames);
            this.liveServerHost = Objects.requireNonNull(liveServerHost, "liveServerHost");
            this.liveServerPort = liveServerPort;
            this.pull = DataPullSocket.builder(name, codenames).port(PyExpLabSys.LIVE_PULL_PORT);
        }

        /** Python's {@code internal_data_pull_socket_port} (default 8000). */
        public Builder internalDataPullSocketPort(int port) {
            pull.port(port);
            return this;
        }

        /** Python's {@code no_internal_data_pull_socket} (default false). */
        public Builder noInternalDataPullSocket(boolean none) {
            this.noInternalPullSocket = none;
            return this;
        }

        /** The host name sent in each datagram; default this machine's (Python's {@code gethostname()}). */
        public Builder hostname(String hostname) {
            this.hostname = hostname;
            return this;
        }

        /** Further options of the internal pull socket (bind address, transport, meters, clock, ...). */
        public Builder pull(Consumer<DataPullSocket.Builder> options) {
            options.accept(pull);
            return this;
        }

        /** Builds the live socket (not started). */
        public LiveSocket build() {
            return new LiveSocket(this);
        }
    }
}
