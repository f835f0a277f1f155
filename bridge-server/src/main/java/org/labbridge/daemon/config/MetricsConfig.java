package org.labbridge.daemon.config;

import org.labbridge.access.AllowRule;
import org.labbridge.config.Default;
import org.labbridge.config.Range;

import java.time.Duration;
import java.util.List;

/**
 * The built-in metrics socket: a PyExpLabSys-compatible pull socket whose {@code json_wn} answers every
 * meter as {@code "<meter>|<tag>=<value>...": [time, value]}, for the Netdata adapter (or any pull client).
 *
 * @param enabled whether to serve it
 * @param bind    address to bind
 * @param port    UDP port
 * @param name    the socket's {@code name} reply
 * @param refresh how often the meter values are copied into the socket
 * @param allow   sources served (IP literals and CIDR blocks); empty = every source
 */
public record MetricsConfig(
        @Default("true") boolean enabled,
        @Default("127.0.0.1") String bind,
        @Default("9900") @Range(min = 1, max = 65535) int port,
        @Default("labbridge-metrics") String name,
        @Default("1s") Duration refresh,
        List<AllowRule> allow) {
}
