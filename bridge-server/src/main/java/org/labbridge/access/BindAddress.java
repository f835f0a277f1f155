package org.labbridge.access;

import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.util.NetUtil;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Locale;

/**
 * What a configured {@code bind} means, decided without DNS for literals: {@code 0.0.0.0} (and {@code ""},
 * as in PyExpLabSys) is every IPv4 interface and nothing else; {@code ::} is every IPv6 interface (and IPv4
 * too where the OS makes IPv6 sockets dual-stack); any other literal is that one address. The socket is
 * opened in the family of the address, so that {@code 0.0.0.0} never becomes an IPv6 wildcard socket that
 * an IPv4-only firewall would leave open.
 */
public final class BindAddress {

    private BindAddress() {
    }

    /** The socket address to bind; a host name other than a literal is resolved here (not on an event loop). */
    public static InetSocketAddress of(String bind, int port) {
        InetAddress literal = literal(bind);
        return literal != null ? new InetSocketAddress(literal, port) : new InetSocketAddress(bind.trim(), port);
    }

    /** The protocol family of the socket that binds {@code address}. */
    public static SocketProtocolFamily family(InetSocketAddress address) {
        return address.getAddress() instanceof Inet4Address ? SocketProtocolFamily.INET : SocketProtocolFamily.INET6;
    }

    /**
     * Whether a socket bound to {@code bind} is reachable from beyond this host: wildcards and
     * non-loopback addresses are; a host name other than {@code localhost} is assumed to be (no DNS here).
     */
    public static boolean isOffLoopback(String bind) {
        InetAddress literal = literal(bind);
        return literal == null || !literal.isLoopbackAddress();
    }

    /** The address of an IP literal, {@code ""} or {@code localhost}; {@code null} for any other name. */
    static InetAddress literal(String bind) {
        String s = bind.trim();
        if (s.isEmpty()) {
            return NetUtil.createInetAddressFromIpAddressString("0.0.0.0");
        }
        if (s.toLowerCase(Locale.ROOT).equals("localhost")) {
            return InetAddress.getLoopbackAddress();
        }
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        return NetUtil.createInetAddressFromIpAddressString(s);
    }
}
