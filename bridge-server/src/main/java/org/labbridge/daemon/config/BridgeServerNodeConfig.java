package org.labbridge.daemon.config;

import org.labbridge.access.AllowRule;
import org.labbridge.bridge.BridgeServer;
import org.labbridge.client.bridge.OverflowPolicy;
import org.labbridge.config.ByteSize;
import org.labbridge.config.Default;
import org.labbridge.config.Nullable;
import org.labbridge.config.Range;
import org.labbridge.config.TypeName;
import org.labbridge.tls.TlsServerConfig;

import java.time.Duration;
import java.util.List;

/**
 * The bridge in the server role: accepts many TCP clients; messages from any client are routed on,
 * messages routed in are sent to every client.
 *
 * @param name              node name
 * @param bind              address to listen on ({@code ""} or {@code 0.0.0.0} = all interfaces)
 * @param port              TCP port
 * @param framing           delimiter, buffer size, encoding, structure type
 * @param slowClientPolicy  what to do when a client reads slower than messages arrive
 * @param slowClientGrace   how long a client may stay unwritable before {@code disconnect} acts
 * @param writeBufferHigh   per-client outbound bytes above which the client counts as slow
 * @param writeBufferLow    per-client outbound bytes below which it is writable again
 * @param pendingMessages   per-client queue bound while unwritable ({@code drop-oldest})
 * @param maxConnections    the most clients at once (default 1024); more are closed at once, counted;
 *                          0 = no limit
 * @param keepalive          TCP keepalive timing (first probe, interval, probes)
 * @param allow              client addresses accepted (IP literals and CIDR blocks); others are closed at
 *                           accept; empty = every client
 * @param tls                TLS on every connection (certificate, key, client certificates); absent = plain TCP
 */
@TypeName("bridge-server")
public record BridgeServerNodeConfig(
        String name,
        @Default("127.0.0.1") String bind,
        @Default("45454") @Range(min = 1, max = 65535) int port,
        FramingConfig framing,
        @Default("drop-oldest") OverflowPolicy slowClientPolicy,
        @Default("5s") Duration slowClientGrace,
        @Default("1MiB") @Range(min = 1024, max = 1L << 30) ByteSize writeBufferHigh,
        @Default("256KiB") @Range(min = 0, max = 1L << 30) ByteSize writeBufferLow,
        @Default("10000") @Range(min = 1, max = 10_000_000) int pendingMessages,
        @Default("" + BridgeServer.DEFAULT_MAX_CONNECTIONS) @Range(min = 0, max = 1_000_000) int maxConnections,
        KeepaliveConfig keepalive,
        List<AllowRule> allow,
        @Nullable TlsServerConfig tls) implements NodeConfig, NodeConfig.Source, NodeConfig.Sink, NodeConfig.Bound {

    public BridgeServerNodeConfig {
        NodeConfig.requireName(name);
        if (writeBufferLow.bytes() > writeBufferHigh.bytes()) {
            throw new IllegalArgumentException("write_buffer_low (" + writeBufferLow
                    + ") must not exceed write_buffer_high (" + writeBufferHigh + ")");
        }
    }

    @Override
    public String protocol() {
        return "tcp";
    }
}
