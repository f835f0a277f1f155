package org.labbridge.netdata;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.labbridge.codec.python.PyJson;

/** A PyExpLabSys-like pull socket for tests (name, codenames_json, json_wn), on 127.0.0.1. */
final class FakePullSocket implements AutoCloseable {
    private final DatagramSocket socket;
    private final String name;
    final Map<String, Object> points = new LinkedHashMap<>();
    private final Thread thread;

    FakePullSocket(String name, int port) throws IOException {
        this.name = name;
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        thread = new Thread(this::serve, "fake-pull");
        thread.setDaemon(true);
        thread.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    synchronized void set(String codename, Object y) {
        points.put(codename, java.util.List.of(System.currentTimeMillis() / 1000.0, y));
    }

    private void serve() {
        byte[] buf = new byte[65_535];
        while (!socket.isClosed()) {
            try {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                socket.receive(p);
                String req = new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
                String reply;
                synchronized (this) {
                    reply = switch (req) {
                        case "name" -> name;
                        case "codenames_json" -> PyJson.dumps(java.util.List.copyOf(points.keySet()));
                        case "json_wn" -> PyJson.dumps(points);
                        default -> "UNKNOWN_COMMMAND";
                    };
                }
                byte[] out = reply.getBytes(StandardCharsets.UTF_8);
                socket.send(new DatagramPacket(out, out.length, p.getSocketAddress()));
            } catch (SocketException closed) {
                return;
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        socket.close();
        thread.join(2000);
    }
}
