package org.labbridge.daemon.config;

import io.netty.util.NetUtil;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether two configured bind addresses can take the same port, decided without DNS: validation must never
 * block on a resolver. IP literals are compared as addresses ({@code ::1} is {@code 0:0:0:0:0:0:0:1}),
 * {@code localhost} is the loopback address, a wildcard ({@code ""}, {@code 0.0.0.0}, {@code ::}) takes the
 * port on every address, and any other host name is compared by name only.
 */
final class BindAddresses {

    private BindAddresses() {
    }

    /** Whether binding both {@code a} and {@code b} to one port and protocol would clash. */
    static boolean overlap(String a, String b) {
        Object x = canonical(a);
        Object y = canonical(b);
        return x.equals(y) || isWildcard(x) || isWildcard(y);
    }

    /** "" binds every interface, like {@code 0.0.0.0}. */
    private static final Object ANY = new Object();

    /** An {@link InetAddress} for a literal or {@code localhost}; otherwise the lower-case name. */
    private static Object canonical(String address) {
        String trimmed = address.trim();
        if (trimmed.isEmpty()) {
            return ANY;
        }
        if (trimmed.equalsIgnoreCase("localhost")) {
            // What the JVM's resolver gives for it, without asking the resolver (no DNS, no hosts file read).
            return InetAddress.getLoopbackAddress();
        }
        InetAddress literal = NetUtil.createInetAddressFromIpAddressString(trimmed);
        return literal != null ? literal : trimmed.toLowerCase(Locale.ROOT);
    }

    /**
     * Whether this machine has the address, so that a bind to it can succeed: a wildcard, a loopback
     * address, {@code localhost} and an address of a network interface are local. Empty for a host name,
     * which is not resolved here.
     */
    static Optional<Boolean> isLocal(String address) {
        Object canonical = canonical(address.startsWith("[") && address.endsWith("]")
                ? address.substring(1, address.length() - 1) : address);
        if (isWildcard(canonical)) {
            return Optional.of(true);
        }
        if (!(canonical instanceof InetAddress ip)) {
            return Optional.empty();
        }
        if (ip.isLoopbackAddress()) {
            return Optional.of(true);
        }
        try {
            return Optional.of(NetworkInterface.getByInetAddress(ip) != null);
        } catch (SocketException e) {
            return Optional.empty();
        }
    }

    private static boolean isWildcard(Object canonical) {
        return canonical == ANY || canonical instanceof InetAddress ip && ip.isAnyLocalAddress();
    }
}
