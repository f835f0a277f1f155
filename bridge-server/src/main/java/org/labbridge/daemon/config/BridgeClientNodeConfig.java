package org.labbridge.daemon.config;

import org.labbridge.config.ByteSize;
import org.labbridge.config.Default;
import org.labbridge.config.HostPort;
import org.labbridge.config.Nullable;
import org.labbridge.config.Range;
import org.labbridge.config.TypeName;
import org.labbridge.tls.TlsClientConfig;

import java.time.Duration;

/**
 * The bridge in the client role: one connection to a bridge server, re-established for ever with
 * exponential backoff and jitter. Messages routed in are sent (queued, bounded, while disconnected);
 * messages received are routed on.
 *
 * @param name               node name
 * @param connect            the server, {@code host:port}
 * @param framing            delimiter, buffer size, encoding, structure type
 * @param backoffInitial     first retry delay
 * @param backoffMax         longest retry delay
 * @param backoffMultiplier  growth per failed attempt
 * @param backoffJitter      random spread of each delay, 0..1
 * @param stableAfter        a connection that lasted this long resets the backoff
 * @param queueMessages      messages kept while disconnected (the oldest are dropped beyond)
 * @param queueBytes         bytes kept while disconnected
 * @param idleTimeout        close and reconnect when nothing was read for this long; absent = never
 * @param keepalive          TCP keepalive timing (first probe, interval, probes)
 * @param spool              keep the queue on disk (survives a crash and a restart); absent = in memory
 * @param tls                TLS to the server (CA, host name check, client certificate); absent = plain TCP
 */
@TypeName("bridge-client")
public record BridgeClientNodeConfig(
        String name,
        HostPort connect,
        FramingConfig framing,
        @Default("100ms") Duration backoffInitial,
        @Default("10s") Duration backoffMax,
        @Default("2.0") @Range(min = 1, max = 100) double backoffMultiplier,
        @Default("0.2") @Range(min = 0, max = 1) double backoffJitter,
        @Default("10s") Duration stableAfter,
        @Default("10000") @Range(min = 1, max = 10_000_000) int queueMessages,
        @Default("16MiB") ByteSize queueBytes,
        @Nullable Duration idleTimeout,
        KeepaliveConfig keepalive,
        @Nullable SpoolConfig spool,
        @Nullable TlsClientConfig tls) implements NodeConfig, NodeConfig.Source, NodeConfig.Sink {

    public BridgeClientNodeConfig {
        NodeConfig.requireName(name);
        if (backoffInitial.compareTo(backoffMax) > 0) {
            throw new IllegalArgumentException("backoff_initial (" + backoffInitial.toMillis()
                    + " ms) must not exceed backoff_max (" + backoffMax.toMillis() + " ms)");
        }
    }
}
