package org.labbridge.sockets;

import org.labbridge.transport.Transport;

/**
 * The process-wide transport used by sockets built without an explicit one: created on first use, never
 * closed (its threads are daemons), so that many sockets share one event-loop group as the Python module
 * shares one process.
 */
final class SharedTransport {
    private SharedTransport() {
    }

    private static final class Holder {
        static final Transport INSTANCE = Transport.createDefault("labbridge-udp");
    }

    static Transport get() {
        return Holder.INSTANCE;
    }
}
