package org.labbridge.client.udp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import org.labbridge.codec.python.PyJson;

/**
 * A blocking client for a PyExpLabSys-compatible push socket (DataPushSocket or labbridge's own): sends
 * {@code json_wn#...} or {@code raw_wn#...} and returns the reply text as is ({@code ACK#...},
 * {@code RET#...}, {@code ERROR#...}, {@code EXCEP#...}); interpreting it is the caller's business.
 * Not thread-safe.
 */
public final class PushClient implements AutoCloseable {
    private final UdpRequester requester;

    /** A client for the socket at {@code target}; every request waits at most {@code timeout}. */
    public PushClient(InetSocketAddress target, Duration timeout) throws IOException {
        this.requester = new UdpRequester(target, timeout);
    }

    /** Sends {@code json_wn#} + the JSON of {@code data} (Python's json.dumps format). */
    public String jsonWn(Map<String, ?> data) throws IOException {
        return jsonWn(PyJson.dumps(data));
    }

    /** Sends {@code json_wn#} + {@code json} as given. */
    public String jsonWn(String json) throws IOException {
        return requester.request("json_wn#" + json);
    }

    /** Sends {@code raw_wn#} + {@code raw} ({@code cn:type:v[,v...][;...]}). */
    public String rawWn(String raw) throws IOException {
        return requester.request("raw_wn#" + raw);
    }

    /** Sends any command ({@code name}, {@code status}, {@code commands}) and returns the reply. */
    public String request(String command) throws IOException {
        return requester.request(command);
    }

    @Override
    public void close() throws IOException {
        requester.close();
    }
}
