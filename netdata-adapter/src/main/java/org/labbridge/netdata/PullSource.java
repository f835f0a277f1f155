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
    private PullClient client;
    private boolean connected;
    private volatile String name;
    private volatile List<String> codenames = List.of();

    PullSource(HostPort address, Duration timeout) {
        this.address = address;
        this.timeout = timeout;
    }

    @Override
    public Map<String, Object> poll() throws IOException {
        if (client == null) {
            client = new PullClient(address.resolve(), timeout);
        }
        try {
            if (!connected) {
                name = client.name();
                codenames = codenamesOrEmpty();
                connected = true;
            }
            return client.jsonWn();
        } catch (IOException e) {
            connected = false;
            throw e;
        }
    }

    private List<String> codenamesOrEmpty() throws IOException {
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
        if (client != null) {
            try {
                client.close();
            } catch (IOException e) {
                LOG.debug("closing {}: {}", address, e.getMessage());
            }
            client = null;
        }
    }
}
