package org.labbridge.client.udp;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Function;

/** A tiny blocking UDP server on 127.0.0.1 for client tests: replies what {@code answer} returns (null = silence). */
final class FakeUdpServer implements AutoCloseable {
    private final DatagramSocket socket;
    private final Thread thread;
    final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    volatile InetSocketAddress lastSender;

    FakeUdpServer(Function<String, String> answer) throws IOException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        thread = new Thread(() -> {
            byte[] buf = new byte[65_535];
            while (!socket.isClosed()) {
                try {
                    DatagramPacket p = new DatagramPacket(buf, buf.length);
                    socket.receive(p);
                    String req = new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
                    lastSender = (InetSocketAddress) p.getSocketAddress();
                    received.add(req);
                    String reply = answer.apply(req);
                    if (reply != null) {
                        byte[] out = reply.getBytes(StandardCharsets.UTF_8);
                        socket.send(new DatagramPacket(out, out.length, p.getSocketAddress()));
                    }
                } catch (SocketException closed) {
                    return;
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            }
        }, "fake-udp");
        thread.setDaemon(true);
        thread.start();
    }

    InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    /** Sends an unsolicited datagram to {@code to} (a "late reply"). */
    void sendTo(InetSocketAddress to, String text) throws IOException {
        byte[] out = text.getBytes(StandardCharsets.UTF_8);
        socket.send(new DatagramPacket(out, out.length, to));
    }

    @Override
    public void close() throws InterruptedException {
        socket.close();
        thread.join(2000);
    }
}
