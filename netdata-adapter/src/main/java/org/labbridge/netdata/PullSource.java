package org.labbridge.netdata;

import org.labbridge.config.HostPort;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.labbridge.client.udp.PullClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PyExpLabSys-compatible pull socket: {@code name} and {@code codenames_json} on (re)connect, then
 * {@code json_wn} on every poll. After any failure the next poll "reconnects" (asks name and codenames
 * again), so a restarted socket with new codenames is picked up.
 */
final class PullSource implements Source {
    private static final Logger LOG = LoggerFactory.getLogger(PullSource.class);

    private final HostPort address;
    private final Duration timeout;
    /** Guards {@link #client} and {@link #closed} (not the requests: close must not wait for a timeout). */
    private final Object lifecycle = new Object();
    private PullClient client;
    private boolean closed;
    /** Only touched by poll(), which never runs twice at once. */
    private boolean connected;
    private volatile String name;
    private volatile List<String> codenames = List.of();

    PullSource(HostPort address, Duration timeout) {
        this.address = address;
        this.timeout = timeout;
    }

    @Override
    public Map<String, Object> poll() throws IOException {
        PullClient client = client();
        try {
            if (!connected) {
                name = client.name();
                codenames = codenamesOrEmpty(client);
                connected = true;
            }
            return client.jsonWnLazyTimes(); // the charts read y only (JobCharts.y): x stays unconverted
        } catch (IOException e) {
            connected = false;
            throw e;
        }
    }

    private PullClient client() throws IOException {
        synchronized (lifecycle) {
            if (closed) {
                throw new IOException("closed");
            }
            if (client == null) {
                client = new PullClient(address.resolve(), timeout);
            }
            return client;
        }
    }

    private List<String> codenamesOrEmpty(PullClient client) throws IOException {
        try {
            return client.codenamesJson();
        } catch (org.labbridge.client.udp.UdpTimeoutException e) {
            throw e;
        } catch (IOException e) {
            // Not every compatible socket lists its codenames; json_wn is what matters.
            LOG.debug("{}: no codenames_json: {}", address, e.getMessage());
            return List.of();
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<String> codenames() {
        return codenames;
    }

    @Override
    public void close() {
        PullClient c;
        synchronized (lifecycle) {
            closed = true;
            c = client;
            client = null;
        }
        if (c != null) {
            try {
                c.close(); // a request waiting for its reply on another thread fails at once
            } catch (IOException e) {
                LOG.debug("closing {}: {}", address, e.getMessage());
            }
        }
    }
}
