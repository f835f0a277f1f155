package org.labbridge.client.bridge;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.WriteBufferWaterMark;
import org.labbridge.codec.frame.FramingConfig;
import org.labbridge.tls.ReloadableSslContext;
import org.labbridge.transport.TcpKeepalive;
import org.labbridge.transport.Transport;

import java.util.Objects;

/**
 * The options both ends of a bridge connection share: event loops, framing, outbound watermarks, TCP
 * keepalive, meters and the name that tags them. The client's and the server's builders extend it with their own options.
 *
 * @param <B> the concrete builder, returned by every setter
 */
public abstract class BridgeOptions<B extends BridgeOptions<B>> {

    private Transport transport;
    private FramingConfig framing = FramingConfig.DEFAULT;
    private WriteBufferWaterMark waterMark = new WriteBufferWaterMark(256 << 10, 1 << 20);
    private MeterRegistry registry = new SimpleMeterRegistry();
    private String name = "bridge";
    private TcpKeepalive keepalive = TcpKeepalive.DEFAULT;
    private ReloadableSslContext tls;

    protected BridgeOptions() {
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    /** The event loops (required; the caller closes the transport after the client or server). */
    public B transport(Transport t) {
        this.transport = t;
        return self();
    }

    /** Delimiter, buffer size, encoding and structure type (default: datalogd's, 0x17 / 1 MiB / utf8 / json). */
    public B framing(FramingConfig f) {
        this.framing = Objects.requireNonNull(f);
        return self();
    }

    /** Netty's per-connection outbound buffer marks (default 256 KiB / 1 MiB). */
    public B writeBufferWaterMark(WriteBufferWaterMark w) {
        this.waterMark = Objects.requireNonNull(w);
        return self();
    }

    /** Where the {@link BridgeMeters} go (default: a private registry). */
    public B meterRegistry(MeterRegistry r) {
        this.registry = Objects.requireNonNull(r);
        return self();
    }

    /** The {@code bridge} tag of the meters and the log prefix (default {@code bridge}). */
    public B name(String n) {
        this.name = Objects.requireNonNull(n);
        return self();
    }

    /** TCP keepalive timing of every connection (default {@link TcpKeepalive#DEFAULT}: 60 s, 10 s, 6 probes). */
    public B tcpKeepalive(TcpKeepalive k) {
        this.keepalive = Objects.requireNonNull(k);
        return self();
    }

    /** TLS on every connection (null, the default: plain TCP); the caller watches and closes it. */
    public B tls(ReloadableSslContext t) {
        this.tls = t;
        return self();
    }

    /** The TLS context of new connections, or null for plain TCP. */
    public ReloadableSslContext tls() {
        return tls;
    }

    public TcpKeepalive tcpKeepalive() {
        return keepalive;
    }

    public Transport transport() {
        return transport;
    }

    public FramingConfig framing() {
        return framing;
    }

    public WriteBufferWaterMark writeBufferWaterMark() {
        return waterMark;
    }

    public MeterRegistry meterRegistry() {
        return registry;
    }

    public String name() {
        return name;
    }
}
