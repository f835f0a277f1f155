package org.labbridge.netdata;

import org.labbridge.config.HostPort;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.labbridge.codec.python.PyJson;
import org.labbridge.codec.python.PyJsonException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A minimal blocking client of the labbridge TCP bridge (default framing: JSON + 0x17) that keeps the
 * latest value of every codename, on one daemon thread that reconnects for ever with capped exponential
 * backoff and jitter. A message is a JSON object {@code {"<codename>": value, ...}}, or a list of such
 * objects, or datalogd-style entries {@code {"id"|"name": ..., "value": ...}}. Oversized (> 1 MiB) and
 * undecodable messages are skipped (logged) without losing the connection.
 *
 * <p>While disconnected, {@link #poll()} fails, so the job publishes gaps rather than stale values.
 * TODO(lead): swap for {@code org.labbridge.client.bridge.BridgeClient} once it lands (same interface).
 */
final class BridgeSource implements Source {
    private static final Logger LOG = LoggerFactory.getLogger(BridgeSource.class);
    static final int MAX_MESSAGE = 1 << 20;
    static final int MAX_CODENAMES = JobCharts.MAX_DIMENSIONS;
    private static final byte DELIMITER = 0x17;

    private final HostPort address;
    private final Duration timeout;
    private final Map<String, Object> latest = new LinkedHashMap<>();
    private final Thread thread;
    private volatile boolean connected;
    private volatile String lastError = "not connected yet";
    private volatile boolean closed;
    private volatile Socket socket;

    BridgeSource(HostPort address, Duration timeout) {
        this.address = address;
        this.timeout = timeout;
        this.thread = new Thread(this::loop, "bridge-" + address);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public Map<String, Object> poll() throws IOException {
        if (!connected) {
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

    private void loop() {
        long backoffMs = 500;
        while (!closed) {
            try (Socket s = new Socket()) {
                socket = s;
                s.connect(address.resolve(), (int) Math.max(1, timeout.toMillis()));
                connected = true;
                LOG.info("bridge {}: connected", address);
                backoffMs = 500;
                read(s.getInputStream());
                lastError = "connection closed by the bridge";
            } catch (IOException e) {
                lastError = e.getMessage() == null ? e.toString() : e.getMessage();
            } finally {
                connected = false;
            }
            if (closed) {
                return;
            }
            long wait = backoffMs / 2 + ThreadLocalRandom.current().nextLong(backoffMs / 2 + 1);
            backoffMs = Math.min(backoffMs * 2, 30_000);
            try {
                Thread.sleep(wait); // reconnect backoff on a dedicated thread, nothing to wake early for
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void read(InputStream in) throws IOException {
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        boolean skipping = false;
        byte[] buf = new byte[8192];
        int n;
        while ((n = in.read(buf)) >= 0) {
            for (int i = 0; i < n; i++) {
                if (buf[i] == DELIMITER) {
                    if (!skipping) {
                        accept(message.toString(StandardCharsets.UTF_8));
                    }
                    message.reset();
                    skipping = false;
                } else if (!skipping) {
                    if (message.size() >= MAX_MESSAGE) {
                        LOG.warn("bridge {}: message larger than {} bytes skipped", address, MAX_MESSAGE);
                        message.reset();
                        skipping = true;
                    } else {
                        message.write(buf[i]);
                    }
                }
            }
        }
    }

    private void accept(String text) {
        Object value;
        try {
            value = PyJson.loads(text);
        } catch (PyJsonException e) {
            LOG.warn("bridge {}: message is not JSON, skipped: {}", address, e.getMessage());
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
                put(String.valueOf(id), m.get("value"));
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
        closed = true;
        Socket s = socket;
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                LOG.debug("closing bridge socket: {}", e.getMessage());
            }
        }
        thread.interrupt();
    }
}
