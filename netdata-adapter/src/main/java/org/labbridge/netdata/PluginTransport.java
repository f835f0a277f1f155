package org.labbridge.netdata;

import org.labbridge.transport.Transport;

/**
 * The plugin's one Netty event-loop group, shared by every bridge job: one thread (the plugin moves a few
 * small messages a second, and it must stay small next to Netdata), created on first use so that a plugin
 * without bridge jobs starts no Netty at all, and closed once when the plugin exits.
 */
final class PluginTransport implements AutoCloseable {
    /** Event-loop threads: one serves every bridge connection of the plugin. */
    static final int THREADS = 1;

    private Transport transport;
    private boolean closed;

    /** The shared transport, created by the first call. @throws IllegalStateException after {@link #close()} */
    synchronized Transport get() {
        if (closed) {
            throw new IllegalStateException("the plugin's transport is closed");
        }
        if (transport == null) {
            transport = Transport.create("labbridge-plugin", THREADS, true);
        }
        return transport;
    }

    /** Whether a bridge job made it create the event loop. */
    synchronized boolean started() {
        return transport != null;
    }

    /** Shuts the event loop down (after the sources were closed); idempotent. */
    @Override
    public synchronized void close() {
        closed = true;
        if (transport != null) {
            transport.close();
            transport = null;
        }
    }
}
