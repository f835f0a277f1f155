package org.labbridge.it;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@link ListeningPorts} against real sockets: a port listens while a server socket is bound to it, and not after. */
class ListeningPortsTest {

    @Test
    void aPortListensWhileBoundAndNotAfter() throws IOException {
        assumeTrue(Files.exists(Path.of("/proc/net/tcp")), "no /proc/net/tcp: not Linux");
        int port;
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            port = server.getLocalPort();
            assertTrue(ListeningPorts.listening(port), "listening on " + port);
        }
        assertFalse(ListeningPorts.listening(port), "closed " + port);
    }
}
