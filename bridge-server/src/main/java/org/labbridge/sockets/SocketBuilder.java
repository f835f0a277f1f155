package org.labbridge.sockets;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import org.labbridge.access.SourceAllowlist;
import org.labbridge.codec.pyexplabsys.PyExpLabSys;
import org.labbridge.transport.Transport;

import java.time.Clock;
import java.util.Objects;

/**
 * Options every socket kind shares (Python's keyword arguments, plus labbridge's own).
 *
 * @param <B> the concrete builder, for chaining
 */
public abstract class SocketBuilder<B extends SocketBuilder<B>> {
    final String name;
    int port;
    String bindAddress = "127.0.0.1";
    SourceAllowlist allowlist = SourceAllowlist.ALLOW_ALL;
    Transport transport;
    MeterRegistry meterRegistry = Metrics.globalRegistry;
    int maxDatagramSize = PyExpLabSys.MAX_UDP_PAYLOAD;
    int receiveBufferSize;
    boolean checkActivity;
    double activityTimeout = 900;
    Clock clock = Clock.systemUTC();
    SocketRegistry registry = SocketRegistry.global();

    SocketBuilder(String name, int defaultPort, boolean defaultCheckActivity) {
        this.name = Objects.requireNonNull(name, "name");
        this.port = defaultPort;
        this.checkActivity = defaultCheckActivity;
    }

    @SuppressWarnings("unchecked")
    B self() {
        return (B) this;
    }

    /** UDP port; 0 picks a free one (see {@link UdpSocketServer#port()} after start). */
    public B port(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        this.port = port;
        return self();
    }

    /**
     * Address to bind; default {@code 127.0.0.1} (Python binds all interfaces: pass {@code 0.0.0.0}).
     * {@code 0.0.0.0} (or {@code ""}) is every IPv4 interface only; {@code ::} is IPv6 (dual-stack where the
     * OS makes it so).
     */
    public B bindAddress(String bindAddress) {
        this.bindAddress = Objects.requireNonNull(bindAddress, "bindAddress");
        return self();
    }

    /**
     * The sources served (default: all). A datagram from any other source is dropped without a reply (an
     * exposed socket must not reflect traffic to a spoofed address), counted ({@code labbridge.udp.denied})
     * and logged rate-limited.
     */
    public B allow(SourceAllowlist allowlist) {
        this.allowlist = Objects.requireNonNull(allowlist, "allowlist");
        return self();
    }

    /** Event-loop group to run on; default a lazily created process-wide one. */
    public B transport(Transport transport) {
        this.transport = transport;
        return self();
    }

    /** Where the meters go; default {@link Metrics#globalRegistry}. */
    public B meterRegistry(MeterRegistry meterRegistry) {
        this.meterRegistry = Objects.requireNonNull(meterRegistry, "meterRegistry");
        return self();
    }

    /**
     * Largest request accepted, in bytes (1..65,507; default 65,507). A larger datagram is detected (the
     * receive buffer is one byte larger) and answered with an error, never truncated.
     */
    public B maxDatagramSize(int maxDatagramSize) {
        if (maxDatagramSize < 1 || maxDatagramSize > PyExpLabSys.MAX_UDP_PAYLOAD) {
            throw new IllegalArgumentException("maxDatagramSize must be 1.." + PyExpLabSys.MAX_UDP_PAYLOAD
                    + ": " + maxDatagramSize);
        }
        this.maxDatagramSize = maxDatagramSize;
        return self();
    }

    /** {@code SO_RCVBUF} to ask for, in bytes; 0 (default) keeps the system's. A smaller grant is logged. */
    public B receiveBufferSize(int receiveBufferSize) {
        if (receiveBufferSize < 0) {
            throw new IllegalArgumentException("receiveBufferSize must be >= 0: " + receiveBufferSize);
        }
        this.receiveBufferSize = receiveBufferSize;
        return self();
    }

    /** Python's {@code check_activity}: whether {@code status} reports OK/INACTIVE (else DISABLED). */
    public B checkActivity(boolean checkActivity) {
        this.checkActivity = checkActivity;
        return self();
    }

    /** Python's {@code activity_timeout}, in seconds (default 900). */
    public B activityTimeout(double seconds) {
        this.activityTimeout = seconds;
        return self();
    }

    /** The wall clock for points, staleness and activity; default the system clock (tests inject one). */
    public B clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return self();
    }

    /** The registry whose sockets {@code status} reports; default {@link SocketRegistry#global()}. */
    public B registry(SocketRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
        return self();
    }
}
