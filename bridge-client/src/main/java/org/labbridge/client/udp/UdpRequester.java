package org.labbridge.client.udp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * One request datagram out, one reply datagram back, on a connected {@link DatagramChannel}: the kernel
 * only delivers datagrams from the target, and an ICMP "port unreachable" surfaces as an error at once
 * instead of a timeout. Replies that arrive after their request timed out are discarded before the next
 * request, so they cannot be mistaken for its reply. Not thread-safe (one request at a time).
 */
final class UdpRequester implements AutoCloseable {
    /** The largest UDP payload there is. */
    static final int MAX_DATAGRAM = 65_535;

    private final InetSocketAddress target;
    private final Duration timeout;
    private final DatagramChannel channel;
    private final Selector selector;
    private final ByteBuffer receive = ByteBuffer.allocate(MAX_DATAGRAM);

    UdpRequester(InetSocketAddress target, Duration timeout) throws IOException {
        this.target = Objects.requireNonNull(target, "target");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        this.timeout = timeout;
        if (target.isUnresolved()) {
            throw new IOException("cannot resolve host " + target.getHostString());
        }
        DatagramChannel ch = DatagramChannel.open(target.getAddress() instanceof java.net.Inet6Address
                ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
        try {
            ch.configureBlocking(false);
            ch.connect(target);
            this.selector = Selector.open();
            ch.register(selector, SelectionKey.OP_READ);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        this.channel = ch;
    }

    InetSocketAddress target() {
        return target;
    }

    /** Sends {@code request} (UTF-8) and returns the reply (UTF-8) or throws on timeout/refusal. */
    String request(String request) throws IOException {
        return decode(exchange(request));
    }

    /**
     * Sends {@code request} (UTF-8) and returns the reply datagram's bytes, a heap buffer that is only valid until
     * the next request, or throws on timeout/refusal.
     */
    ByteBuffer exchange(String request) throws IOException {
        byte[] bytes = request.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > 65_507) {
            throw new IOException("request of " + bytes.length + " bytes does not fit in one UDP datagram");
        }
        discardLateReplies();
        try {
            channel.write(ByteBuffer.wrap(bytes));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                receive.clear();
                if (channel.receive(receive) != null) { // null = nothing yet; an empty datagram is a reply
                    return receive.flip();
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new UdpTimeoutException("no reply from " + describe() + " to '" + abbreviate(request)
                            + "' within " + timeout.toMillis() + " ms");
                }
                selector.select(Math.max(1, left / 1_000_000));
                selector.selectedKeys().clear();
            }
        } catch (PortUnreachableException e) {
            throw new PortUnreachableException("nothing listens on " + describe() + " (port unreachable)");
        }
    }

    private void discardLateReplies() throws IOException {
        try {
            for (int i = 0; i < 64; i++) {
                receive.clear();
                if (channel.receive(receive) == null) {
                    return;
                }
            }
        } catch (PortUnreachableException e) {
            // a stale ICMP error from an earlier request: this request gets its own answer
        }
    }

    /** The reply as text; IOException when it is not UTF-8. */
    String decode(ByteBuffer bytes) throws IOException {
        if (isAscii(bytes)) {
            // the usual reply (Python's json.dumps escapes everything else): ASCII is its own UTF-8, and one
            // copy into a Latin-1 String spares the decoder's char buffer (two bytes a char) and its copy
            return new String(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining(),
                    StandardCharsets.ISO_8859_1);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(bytes).toString();
        } catch (CharacterCodingException e) {
            throw new IOException("reply from " + describe() + " is not valid UTF-8", e);
        }
    }

    /** Whether every byte of {@code bytes} (a heap buffer, from position to limit) is ASCII. */
    private static boolean isAscii(ByteBuffer bytes) {
        byte[] a = bytes.array();
        for (int i = bytes.arrayOffset() + bytes.position(), end = i + bytes.remaining(); i < end; i++) {
            if (a[i] < 0) {
                return false;
            }
        }
        return true;
    }

    private String describe() {
        return target.getHostString() + ":" + target.getPort();
    }

    static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }

    @Override
    public void close() throws IOException {
        try {
            selector.close();
        } finally {
            channel.close();
        }
    }
}
