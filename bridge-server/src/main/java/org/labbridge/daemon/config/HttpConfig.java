package org.labbridge.daemon.config;

import org.labbridge.access.AllowRule;
import org.labbridge.config.Default;
import org.labbridge.config.Range;

import java.util.List;

/**
 * The daemon's HTTP endpoint: {@code /metrics} (Prometheus/OpenMetrics text), {@code /health} and
 * {@code /api/nodes} (JSON). On by default, on loopback only.
 *
 * @param enabled whether to serve it
 * @param bind    address to bind (default loopback: an operator opens it to the network deliberately)
 * @param port    TCP port ({@code 0} picks a free one)
 * @param allow   sources served (IP literals and CIDR blocks); empty = every source
 */
public record HttpConfig(
        @Default("true") boolean enabled,
        @Default("127.0.0.1") String bind,
        @Default("9901") @Range(min = 0, max = 65535) int port,
        List<AllowRule> allow) {
}
