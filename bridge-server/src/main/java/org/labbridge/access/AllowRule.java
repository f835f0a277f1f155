package org.labbridge.access;

import io.netty.util.NetUtil;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Arrays;

/**
 * One entry of an {@code allow} list: an address ({@code 192.168.1.17}, {@code ::1}) or a CIDR block
 * ({@code 10.0.0.0/8}, {@code fd00::/8}). Only IP literals: a host name would need DNS at every start and
 * could change under the operator's feet. An IPv4-mapped IPv6 entry ({@code ::ffff:10.0.0.0/104}) is
 * stored as the IPv4 rule it means, and {@link #matches} treats IPv4-mapped sources as IPv4, so a socket
 * that receives IPv4 traffic through an IPv6 (dual-stack) socket is matched by the IPv4 rules.
 */
public final class AllowRule {

    private final byte[] network;
    private final int prefixLength;
    private final String text;

    private AllowRule(byte[] network, int prefixLength) {
        this.prefixLength = prefixLength;
        this.network = mask(network, prefixLength);
        this.text = canonicalText(this.network, prefixLength);
    }

    /**
     * Parses {@code address} or {@code address/prefix}.
     *
     * @throws IllegalArgumentException ("expected: ...") naming what is wrong with the entry
     */
    public static AllowRule parse(String entry) {
        String s = entry.trim();
        int slash = s.indexOf('/');
        String address = slash < 0 ? s : s.substring(0, slash);
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(address);
        if (bytes == null) {
            throw new IllegalArgumentException("expected: an IPv4 or IPv6 address or CIDR block such as "
                    + "10.0.0.0/8, 192.168.1.17 or ::1 ('" + address + "' is not an IP address; host names "
                    + "are not allowed)");
        }
        int max = bytes.length * 8;
        int prefix = max;
        if (slash >= 0) {
            String digits = s.substring(slash + 1);
            if (!digits.matches("[0-9]{1,3}") || Integer.parseInt(digits) > max) {
                throw new IllegalArgumentException("expected: a prefix length of 0.." + max + " after '/' for an IPv"
                        + (bytes.length == 4 ? "4" : "6") + " address ('" + digits + "' is not one)");
            }
            prefix = Integer.parseInt(digits);
        }
        if (bytes.length == 16 && isV4Mapped(bytes) && prefix >= 96) {
            return new AllowRule(Arrays.copyOfRange(bytes, 12, 16), prefix - 96);
        }
        return new AllowRule(bytes, prefix);
    }

    /** Binds one YAML list entry (a string). */
    public static AllowRule fromYaml(Object node) {
        if (!(node instanceof String s)) {
            throw new IllegalArgumentException("expected: a quoted address or CIDR block such as \"10.0.0.0/8\"");
        }
        return parse(s);
    }

    /** Whether {@code source} is in this rule's block (IPv4-mapped IPv6 sources count as IPv4). */
    public boolean matches(InetAddress source) {
        byte[] address = source.getAddress();
        if (address.length == 16 && network.length == 4 && isV4Mapped(address)) {
            address = Arrays.copyOfRange(address, 12, 16);
        }
        if (address.length != network.length) {
            return false;
        }
        int full = prefixLength / 8;
        for (int i = 0; i < full; i++) {
            if (address[i] != network[i]) {
                return false;
            }
        }
        int rest = prefixLength % 8;
        if (rest == 0) {
            return true;
        }
        int bits = 0xff << (8 - rest) & 0xff;
        return (address[full] & bits) == (network[full] & bits);
    }

    /** Whether this rule is an IPv4 one. */
    public boolean isIpv4() {
        return network.length == 4;
    }

    private static boolean isV4Mapped(byte[] a) {
        for (int i = 0; i < 10; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return a[10] == (byte) 0xff && a[11] == (byte) 0xff;
    }

    private static byte[] mask(byte[] address, int prefix) {
        byte[] out = address.clone();
        for (int bit = prefix; bit < out.length * 8; bit++) {
            out[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        return out;
    }

    private static String canonicalText(byte[] network, int prefix) {
        try {
            InetAddress a = InetAddress.getByAddress(network);
            String address = a instanceof Inet4Address ? a.getHostAddress() : NetUtil.toAddressString(a);
            return prefix == network.length * 8 ? address : address + "/" + prefix;
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The canonical form: {@code 10.0.0.0/8}, {@code 192.168.1.17}, {@code ::1}. */
    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AllowRule r && r.prefixLength == prefixLength && Arrays.equals(r.network, network);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(network) + prefixLength;
    }
}
