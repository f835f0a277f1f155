package org.labbridge.netdata;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.labbridge.client.bridge.BridgeClient;
import org.labbridge.codec.frame.FramingConfig;
import org.labbridge.codec.message.BridgeMessage;
import org.labbridge.codec.python.PyFormat;
import org.labbridge.codec.python.PyJson;
import org.labbridge.codec.python.PyJsonException;
import org.labbridge.config.HostPort;
import org.labbridge.transport.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bridge job's source: the latest value of every codename received by a {@link BridgeClient} (default
 * framing: JSON + 0x17, 1 MiB). The client does the connecting, reconnecting with backoff and jitter,
 * framing and size limits (oversized and non-JSON messages are dropped and counted there without losing
 * the connection); this class only keeps the values. A message is a JSON object
 * {@code {"<codename>": value, ...}}, or a list of such objects, or datalogd-style entries
 * {@code {"id"|"name": ..., "value": ...}}; at most {@link #MAX_CODENAMES} codenames are kept.
 *
 * <p>Values are converted with {@link PyJson#loads} from the message text, not from the decoder's
 * {@code JsonNode}: the rest of the plugin (collector, charts) works on that Python value model (lists,
 * maps, Long/Double, {@code "OLD_DATA"}), the same as {@link PullSource} gets, so both kinds of job chart
 * identically; the extra parse costs little at a few messages a second.
 *
 * <p>While disconnected, {@link #poll()} fails, so the job publishes gaps rather than stale values.
 */
final class BridgeSource implements Source {
    private static final Logger LOG = LoggerFactory.getLogger(BridgeSource.class);
    /** The largest message accepted (the client's framing limit). */
    static final int MAX_MESSAGE = (int) FramingConfig.DEFAULT.bufferSize().bytes();
    static final int MAX_CODENAMES = JobCharts.MAX_DIMENSIONS;

    private final HostPort address;
    private final BridgeClient client;
    /** Written on the event loop, copied on the collection thread. */
    private final Map<String, Object> latest = new LinkedHashMap<>();
    private volatile String lastError = "not connected yet";

    /**
     * Starts connecting at once (in the background).
     *
     * @param timeout   connect timeout
     * @param transport the plugin's shared event loop; the caller closes it after this source
     */
    BridgeSource(HostPort address, Duration timeout, Transport transport) {
        this.address = address;
        this.client = BridgeClient.builder(address.host(), address.port())
                .transport(transport)
                .name("netdata-" + address)
                .connectTimeout(timeout)
                .build();
        // Both callbacks run on the event loop: they only update fields, never block.
        client.subscribe(this::accept);
        client.onStateChange(this::stateChanged);
        client.start();
    }

    @Override
    public Map<String, Object> poll() throws IOException {
        if (!client.isConnected()) {
            throw new IOException("bridge " + address + ": " + lastError);
        }
        synchronized (latest) {
            return new LinkedHashMap<>(latest);
        }
    }

    @Override
    public String name() {
        return null;
    }

    @Override
    public List<String> codenames() {
        synchronized (latest) {
            return List.copyOf(latest.keySet());
        }
    }

    private void stateChanged(BridgeClient.State state) {
        switch (state) {
            case CONNECTED -> lastError = null;
            // The client logs the cause (once per outage); the job only needs to say why it has gaps.
            case DISCONNECTED -> lastError = lastError == null ? "connection lost, reconnecting"
                    : lastError.startsWith("not connected") ? "cannot connect, retrying" : lastError;
            case CLOSED -> lastError = "closed";
            default -> {
            }
        }
    }

    private void accept(BridgeMessage message) {
        Object value;
        try {
            value = PyJson.loads(message.text());
        } catch (PyJsonException e) {
            LOG.warn("bridge {}: message not understood, skipped: {}", address, e.getMessage());
            return;
        }
        synchronized (latest) {
            store(value, 0);
        }
    }

    private void store(Object value, int depth) {
        if (value instanceof Map<?, ?> m) {
            Object id = m.containsKey("id") ? m.get("id") : m.get("name");
            if (id != null && m.containsKey("value")) {
                // Python's str(id), as datalogd names it; iterative (String.valueOf of a 990-deep list recurses)
                put(id instanceof String s ? s : PyFormat.str(id), m.get("value"));
            } else {
                m.forEach((k, v) -> put(String.valueOf(k), v));
            }
        } else if (value instanceof List<?> l && depth == 0) {
            l.forEach(v -> store(v, 1));
        }
    }

    private void put(String codename, Object value) {
        if (latest.containsKey(codename) || latest.size() < MAX_CODENAMES) {
            latest.put(codename, value);
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
