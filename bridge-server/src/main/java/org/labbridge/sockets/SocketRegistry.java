package org.labbridge.sockets;

import org.labbridge.codec.python.PyJson;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The sockets that {@code status} reports (PyExpLabSys's module-level {@code DATA}): every started socket
 * registers itself and leaves on stop. One {@link #global()} registry per process by default; tests and the
 * daemon may inject their own.
 */
public final class SocketRegistry {

    private static final SocketRegistry GLOBAL = new SocketRegistry(new SystemStatus());

    private final List<UdpSocketServer> sockets = new CopyOnWriteArrayList<>();
    private final SystemStatus systemStatus;

    /** A registry of its own, e.g. for a test or an embedded daemon. */
    public SocketRegistry(SystemStatus systemStatus) {
        this.systemStatus = systemStatus;
    }

    /** The process-wide registry. */
    public static SocketRegistry global() {
        return GLOBAL;
    }

    void register(UdpSocketServer socket) {
        sockets.add(socket);
    }

    void unregister(UdpSocketServer socket) {
        sockets.remove(socket);
    }

    /** The registered sockets, in start order. */
    public List<UdpSocketServer> sockets() {
        return List.copyOf(sockets);
    }

    /** {@code socket_server_status}: port (as a string, like Python's json.dumps of int keys) to status. */
    public Map<String, Object> socketServerStatus() {
        Map<String, Object> out = new LinkedHashMap<>();
        for (UdpSocketServer s : new ArrayList<>(sockets)) {
            SocketStatus st = s.status();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", st.name());
            m.put("type", st.type());
            m.put("status", st.status());
            m.put("since_last_activity", st.sinceLastActivity());
            s.addStatus(m);
            out.put(Integer.toString(s.port()), m);
        }
        return out;
    }

    /** The whole {@code status} reply (§6). */
    public String statusJson() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("system_status", systemStatus.get());
        out.put("socket_server_status", socketServerStatus());
        return PyJson.dumps(out);
    }
}
