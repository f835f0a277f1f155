package org.labbridge.daemon.config;

import org.labbridge.config.Default;
import org.labbridge.config.Range;
import org.labbridge.transport.TcpKeepalive;

import java.time.Duration;

/**
 * The {@code keepalive:} section of a bridge node: TCP keepalive timing, so that a peer that vanished
 * without a word (power cut, cable pulled) is noticed in minutes, not after the kernel's 2 hours.
 *
 * @param idle     idle time before the first probe (whole seconds)
 * @param interval time between unanswered probes (whole seconds)
 * @param count    unanswered probes before the connection is closed
 */
public record KeepaliveConfig(
        @Default("60s") Duration idle,
        @Default("10s") Duration interval,
        @Default("6") @Range(min = 1, max = 127) int count) {

    public KeepaliveConfig {
        new TcpKeepalive(idle, interval, count); // names a bad value now, not when the node starts
    }

    /** The transport's view of the same settings. */
    public TcpKeepalive toTcpKeepalive() {
        return new TcpKeepalive(idle, interval, count);
    }
}
