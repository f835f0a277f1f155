package org.labbridge.access;

import io.netty.handler.ipfilter.IpFilterRule;
import io.netty.handler.ipfilter.IpFilterRuleType;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The sources a socket serves (the {@code allow} option): a datagram or connection from any other address
 * is denied. Empty = no allowlist: every source is served. Immutable and thread-safe; a match is a
 * linear scan over a handful of byte arrays, cheap enough per datagram.
 */
public final class SourceAllowlist {

    /** No allowlist: every source is allowed. */
    public static final SourceAllowlist ALLOW_ALL = new SourceAllowlist(List.of());

    private final AllowRule[] rules;

    private SourceAllowlist(List<AllowRule> rules) {
        this.rules = rules.toArray(AllowRule[]::new);
    }

    /** The allowlist of these rules; no rules = {@link #ALLOW_ALL}. */
    public static SourceAllowlist of(List<AllowRule> rules) {
        return rules == null || rules.isEmpty() ? ALLOW_ALL : new SourceAllowlist(List.copyOf(rules));
    }

    /** Parses entries such as {@code 10.0.0.0/8}, {@code 192.168.1.17}, {@code ::1}. */
    public static SourceAllowlist parse(String... entries) {
        return of(java.util.Arrays.stream(entries).map(AllowRule::parse).toList());
    }

    /** Whether every source is allowed (no rules configured). */
    public boolean allowsAll() {
        return rules.length == 0;
    }

    /** Whether {@code source} may be served. */
    public boolean allows(InetAddress source) {
        if (rules.length == 0) {
            return true;
        }
        for (AllowRule rule : rules) {
            if (rule.matches(source)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the sender of a datagram or the peer of a connection may be served. */
    public boolean allows(InetSocketAddress source) {
        // An unresolved address never comes from the kernel; refusing it keeps the rule simple.
        return rules.length == 0 || source.getAddress() != null && allows(source.getAddress());
    }

    /** This allowlist as one rule of Netty's {@code ipfilter} (ACCEPT what it allows). */
    public IpFilterRule asIpFilterRule() {
        return new IpFilterRule() {
            @Override
            public boolean matches(InetSocketAddress remoteAddress) {
                return allows(remoteAddress);
            }

            @Override
            public IpFilterRuleType ruleType() {
                return IpFilterRuleType.ACCEPT;
            }
        };
    }

    /** The rules, as configured (canonical text). */
    public List<AllowRule> rules() {
        return List.of(rules);
    }

    /** {@code 10.0.0.0/8, ::1}, or {@code any source}. */
    @Override
    public String toString() {
        return rules.length == 0 ? "any source"
                : java.util.Arrays.stream(rules).map(AllowRule::toString).collect(Collectors.joining(", "));
    }
}
