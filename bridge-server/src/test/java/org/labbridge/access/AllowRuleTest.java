package org.labbridge.access;

import org.junit.jupiter.api.Test;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AllowRuleTest {

    private static InetAddress ip(String literal) throws UnknownHostException {
        return InetAddress.getByName(literal); // literals only: no DNS
    }

    /** {@code ::ffff:a.b.c.d} as an Inet6Address (InetAddress.getByName would turn it into an Inet4Address). */
    private static InetAddress mapped(int a, int b, int c, int d) throws UnknownHostException {
        byte[] bytes = new byte[16];
        bytes[10] = (byte) 0xff;
        bytes[11] = (byte) 0xff;
        bytes[12] = (byte) a;
        bytes[13] = (byte) b;
        bytes[14] = (byte) c;
        bytes[15] = (byte) d;
        return Inet6Address.getByAddress(null, bytes, -1);
    }

    @Test
    void cidrBlocksMatchTheirAddressesOnly() throws Exception {
        AllowRule ten = AllowRule.parse("10.0.0.0/8");
        assertTrue(ten.matches(ip("10.0.0.1")));
        assertTrue(ten.matches(ip("10.255.255.255")));
        assertFalse(ten.matches(ip("11.0.0.0")));
        assertFalse(ten.matches(ip("9.255.255.255")));

        AllowRule odd = AllowRule.parse("192.168.1.16/29"); // .16 .. .23
        assertTrue(odd.matches(ip("192.168.1.16")));
        assertTrue(odd.matches(ip("192.168.1.23")));
        assertFalse(odd.matches(ip("192.168.1.24")));
        assertFalse(odd.matches(ip("192.168.1.15")));
    }

    @Test
    void aSingleAddressMatchesOnlyItself() throws Exception {
        AllowRule host = AllowRule.parse("192.168.1.17");
        assertTrue(host.matches(ip("192.168.1.17")));
        assertFalse(host.matches(ip("192.168.1.18")));
        assertEquals("192.168.1.17", host.toString());
    }

    @Test
    void ipv6RulesMatchIpv6Sources() throws Exception {
        AllowRule loopback = AllowRule.parse("::1");
        assertTrue(loopback.matches(ip("::1")));
        assertFalse(loopback.matches(ip("::2")));
        assertFalse(loopback.matches(ip("127.0.0.1")));
        AllowRule ula = AllowRule.parse("fd00::/8");
        assertTrue(ula.matches(ip("fd12:3456::1")));
        assertFalse(ula.matches(ip("fe80::1")));
        assertFalse(ula.matches(ip("10.0.0.1")));
    }

    @Test
    void ipv4MappedSourcesMatchIpv4Rules() throws Exception {
        AllowRule ten = AllowRule.parse("10.0.0.0/8");
        assertTrue(ten.matches(mapped(10, 1, 2, 3)));
        assertFalse(ten.matches(mapped(11, 1, 2, 3)));
        assertTrue(AllowRule.parse("127.0.0.1").matches(mapped(127, 0, 0, 1)));
    }

    @Test
    void ipv4MappedRulesAreIpv4Rules() throws Exception {
        AllowRule rule = AllowRule.parse("::ffff:10.0.0.0/104");
        assertEquals("10.0.0.0/8", rule.toString());
        assertTrue(rule.matches(ip("10.9.9.9")));
        assertTrue(rule.isIpv4());
    }

    @Test
    void hostBitsAreIgnoredAndTheTextIsCanonical() {
        assertEquals("10.0.0.0/8", AllowRule.parse(" 10.1.2.3/8 ").toString());
        assertEquals(AllowRule.parse("10.0.0.0/8"), AllowRule.parse("10.1.2.3/8"));
        assertEquals("fd00::/8", AllowRule.parse("FD00:0:0::1/8").toString());
        assertEquals("0.0.0.0/0", AllowRule.parse("0.0.0.0/0").toString());
    }

    @Test
    void badEntriesSayWhatIsWrong() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AllowRule.parse("10.0.0.0/33"))
                .getMessage().contains("prefix length of 0..32"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AllowRule.parse("::1/129"))
                .getMessage().contains("prefix length of 0..128"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AllowRule.parse("10.0.0.0/"))
                .getMessage().contains("prefix length"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AllowRule.parse("lab-pc.example"))
                .getMessage().contains("host names are not allowed"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AllowRule.parse("10.0.0.256"))
                .getMessage().contains("'10.0.0.256' is not an IP address"));
        assertThrows(IllegalArgumentException.class, () -> AllowRule.fromYaml(10));
    }

    @Test
    void anAllowlistAllowsWhatAnyRuleMatches() throws Exception {
        SourceAllowlist list = SourceAllowlist.parse("10.0.0.0/8", "192.168.1.17", "::1");
        assertTrue(list.allows(ip("10.2.3.4")));
        assertTrue(list.allows(ip("192.168.1.17")));
        assertTrue(list.allows(ip("::1")));
        assertFalse(list.allows(ip("192.168.1.18")));
        assertFalse(list.allows(ip("127.0.0.1")));
        assertFalse(list.allows(InetSocketAddress.createUnresolved("10.0.0.1", 1)));
        assertTrue(list.allows(new InetSocketAddress(ip("10.0.0.1"), 1)));
        assertEquals("10.0.0.0/8, 192.168.1.17, ::1", list.toString());
    }

    @Test
    void noRulesAllowEverySource() throws Exception {
        assertTrue(SourceAllowlist.of(java.util.List.of()).allowsAll());
        assertTrue(SourceAllowlist.ALLOW_ALL.allows(ip("203.0.113.9")));
    }

    @Test
    void bindAddressesMapToTheirFamilyAndExposure() {
        assertEquals(io.netty.channel.socket.SocketProtocolFamily.INET, BindAddress.family(BindAddress.of("0.0.0.0", 1)));
        assertEquals(io.netty.channel.socket.SocketProtocolFamily.INET, BindAddress.family(BindAddress.of("", 1)));
        assertEquals(io.netty.channel.socket.SocketProtocolFamily.INET6, BindAddress.family(BindAddress.of("::", 1)));
        assertTrue(BindAddress.isOffLoopback("0.0.0.0"));
        assertTrue(BindAddress.isOffLoopback(""));
        assertTrue(BindAddress.isOffLoopback("::"));
        assertTrue(BindAddress.isOffLoopback("192.168.1.2"));
        assertTrue(BindAddress.isOffLoopback("lab-pc.example"));
        assertFalse(BindAddress.isOffLoopback("127.0.0.1"));
        assertFalse(BindAddress.isOffLoopback("127.0.0.2"));
        assertFalse(BindAddress.isOffLoopback("::1"));
        assertFalse(BindAddress.isOffLoopback("localhost"));
    }
}
