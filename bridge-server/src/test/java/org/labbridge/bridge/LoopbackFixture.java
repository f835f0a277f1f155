package org.labbridge.bridge;

import org.labbridge.transport.Transport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * What the bridge tests on real sockets share: one transport for the test, the servers and clients it
 * opened (closed in reverse order, before the transport), and free ports on 127.0.0.1.
 */
final class LoopbackFixture implements AutoCloseable {

    private final Transport transport = Transport.create("test", 2, true);
    private final List<AutoCloseable> opened = new ArrayList<>();

    Transport transport() {
        return transport;
    }

    /** Closes {@code resource} when the test ends; returns it. */
    <T extends AutoCloseable> T track(T resource) {
        opened.add(resource);
        return resource;
    }

    /** A TCP port free on 127.0.0.1 right now. */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
        transport.close();
    }
}
