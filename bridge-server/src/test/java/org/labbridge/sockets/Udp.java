package org.labbridge.sockets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A plain java.net UDP client for tests, like a Python {@code socket.socket(AF_INET, SOCK_DGRAM)}. */
public final class Udp implements AutoCloseable {
    private final DatagramSocket socket;
    private final InetSocketAddress server;

    public Udp(int port) {
        this(InetAddress.getLoopbackAddress(), port);
    }

    /** A client whose datagrams come from {@code source} (e.g. 127.0.0.2, a stranger on Linux's loopback). */
    public Udp(InetAddress source, int port) {
        try {
            socket = new DatagramSocket(new InetSocketAddress(source, 0));
            socket.setSoTimeout(5000);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    public void send(byte[] request) {
        try {
            socket.send(new DatagramPacket(request, request.length, server));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public byte[] receive() {
        byte[] buf = new byte[70_000];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        try {
            socket.receive(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Arrays.copyOf(buf, p.getLength());
    }

    /** Whether nothing arrives within {@code millis}. */
    public boolean silentFor(int millis) {
        try {
            socket.setSoTimeout(millis);
            byte[] buf = new byte[70_000];
            socket.receive(new DatagramPacket(buf, buf.length));
            return false;
        } catch (SocketTimeoutException e) {
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            try {
                socket.setSoTimeout(5000);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    public byte[] ask(byte[] request) {
        send(request);
        return receive();
    }

    public String ask(String request) {
        return new String(ask(request.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        socket.close();
    }
}
