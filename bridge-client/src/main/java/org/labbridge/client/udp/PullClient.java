package org.labbridge.client.udp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.labbridge.codec.python.JsonLimits;
import org.labbridge.codec.python.JsonWnReader;
import org.labbridge.codec.python.PyJson;
import org.labbridge.codec.python.PyJsonException;

/**
 * A blocking client for a PyExpLabSys-compatible pull socket (DateDataPullSocket, DataPullSocket, or
 * labbridge's own): sends one command, waits for one reply datagram. Values come back in the
 * {@link org.labbridge.codec.python Python value model} ({@code OLD_DATA} stays the string
 * {@code "OLD_DATA"}). Not thread-safe.
 *
 * <pre>{@code
 * try (PullClient c = new PullClient(new InetSocketAddress("127.0.0.1", 9000), Duration.ofMillis(500))) {
 *     Map<String, Object> now = c.jsonWn();   // {"temperature": [1414154338.17, 21.5], ...}
 * }
 * }</pre>
 */
public final class PullClient implements AutoCloseable {
    /** The reply of a PyExpLabSys socket to a command it does not know (sic: three M). */
    public static final String UNKNOWN_COMMAND = "UNKNOWN_COMMMAND";
    /** The value of a codename whose point is older than its timeout. */
    public static final String OLD_DATA = "OLD_DATA";

    private final UdpRequester requester;
    /** Reads {@link #jsonWnLazyTimes()}'s usual replies (and keeps their key Strings for the next one). */
    private final JsonWnReader jsonWnReader = new JsonWnReader(JsonLimits.DEFAULT);

    /** A client for the socket at {@code target}; every request waits at most {@code timeout}. */
    public PullClient(InetSocketAddress target, Duration timeout) throws IOException {
        this.requester = new UdpRequester(target, timeout);
    }

    /** The socket's address. */
    public InetSocketAddress target() {
        return requester.target();
    }

    /**
     * Sends {@code command} as is and returns the reply text.
     *
     * @throws UdpTimeoutException when no reply arrives in time
     * @throws IOException         when the port is unreachable or the reply is not UTF-8
     */
    public String request(String command) throws IOException {
        return requester.request(command);
    }

    /** {@code name}: the socket's name. */
    public String name() throws IOException {
        return checked("name", request("name"));
    }

    /** {@code codenames_json}: the registered codenames, in order. */
    public List<String> codenamesJson() throws IOException {
        Object parsed = parse("codenames_json");
        if (!(parsed instanceof List<?> list)) {
            throw new IOException("reply to codenames_json is not a JSON list: " + describe(parsed));
        }
        List<String> names = new ArrayList<>(list.size());
        for (Object o : list) {
            names.add(String.valueOf(o));
        }
        return Collections.unmodifiableList(names);
    }

    /**
     * {@code json_wn}: every codename with its point ({@code List} {@code [x, y, ...]}) or the string
     * {@code OLD_DATA}, in the socket's order.
     */
    public Map<String, Object> jsonWn() throws IOException {
        return jsonWnMap(parse("json_wn"));
    }

    private Map<String, Object> jsonWnMap(Object parsed) throws IOException {
        if (!(parsed instanceof Map<?, ?> map)) {
            throw new IOException("reply to json_wn is not a JSON object: " + describe(parsed));
        }
        // PyJson reads an object as a LinkedHashMap with String keys: handed out as it is, not copied
        @SuppressWarnings("unchecked")
        Map<String, Object> values = (Map<String, Object>) map;
        return Collections.unmodifiableMap(values);
    }

    /**
     * {@link #jsonWn()} for a caller that reads y values, not times (the Netdata plugin): the same keys, values
     * and errors, but a point {@code [x, y]} may be an unmodifiable list whose x (the time, a 17-digit literal
     * in PyExpLabSys's replies) is only converted when asked for. The usual reply is read straight from its
     * bytes by a {@link JsonWnReader} (which also reuses the last reply's key Strings); anything unusual goes
     * the way of {@link #jsonWn()}.
     */
    public Map<String, Object> jsonWnLazyTimes() throws IOException {
        ByteBuffer raw = requester.exchange("json_wn");
        Map<String, Object> fast = jsonWnReader.read(raw.array(), raw.arrayOffset() + raw.position(), raw.remaining());
        if (fast != null) {
            return Collections.unmodifiableMap(fast);
        }
        return jsonWnMap(parse("json_wn", raw));
    }

    private Object parse(String command) throws IOException {
        return parse(command, requester.exchange(command));
    }

    /** The reply {@code raw} to {@code command} in the value model, or the error that describes it. */
    private Object parse(String command, ByteBuffer raw) throws IOException {
        if (isPlainAscii(raw) && !UNKNOWN_COMMAND_BYTES.equals(raw)) {
            // The usual reply (json.dumps escapes all but ASCII) is read straight from the datagram, without
            // making it a String first: for ASCII without NUL (which could make Jackson guess UTF-16/32) both
            // of Jackson's parsers read the same documents into the same values. A reply that fails here is
            // read again below, so that its error message stays that of the text parser.
            try {
                return PyJson.loads(raw.array(), raw.arrayOffset() + raw.position(), raw.remaining(),
                        JsonLimits.DEFAULT);
            } catch (PyJsonException e) {
                // below
            }
        }
        String reply = checked(command, requester.decode(raw));
        try {
            return PyJson.loads(reply);
        } catch (PyJsonException e) {
            throw new IOException("reply to " + command + " from " + target().getHostString() + ":"
                    + target().getPort() + " is not JSON: " + e.getMessage(), e);
        }
    }

    private static final ByteBuffer UNKNOWN_COMMAND_BYTES =
            ByteBuffer.wrap(UNKNOWN_COMMAND.getBytes(StandardCharsets.US_ASCII)).asReadOnlyBuffer();

    /** ASCII without NUL. */
    private static boolean isPlainAscii(ByteBuffer raw) {
        byte[] a = raw.array();
        for (int i = raw.arrayOffset() + raw.position(), end = i + raw.remaining(); i < end; i++) {
            if (a[i] <= 0) {
                return false;
            }
        }
        return true;
    }

    private String checked(String command, String reply) throws IOException {
        if (UNKNOWN_COMMAND.equals(reply)) {
            throw new IOException(target().getHostString() + ":" + target().getPort() + " does not know '"
                    + command + "' (" + UNKNOWN_COMMAND + ")");
        }
        return reply;
    }

    private static String describe(Object o) {
        return UdpRequester.abbreviate(String.valueOf(o));
    }

    @Override
    public void close() throws IOException {
        requester.close();
    }
}
