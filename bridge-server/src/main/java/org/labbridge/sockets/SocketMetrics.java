package org.labbridge.sockets;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The meters of one socket, resolved once at start so that the hot path only increments counters.
 *
 * @param <C> the socket's command enum
 */
final class SocketMetrics<C extends Enum<C>> {

    private final MeterRegistry registry;
    private final Tags tags;
    private final List<Meter> meters = new ArrayList<>();
    private final Counter[] requests;
    private final Map<ErrorReason, Counter> errors = new EnumMap<>(ErrorReason.class);
    private final Counter replies;
    private final Counter stale;
    private final Counter overflow;
    private final Counter callbackFailures;
    private final Counter denied;

    SocketMetrics(MeterRegistry registry, String socket, int port, Class<C> commands,
                  java.util.function.Function<C, String> tagOf) {
        this.registry = registry;
        this.tags = Tags.of(UdpSocketMeters.TAG_SOCKET, socket, UdpSocketMeters.TAG_PORT, Integer.toString(port));
        C[] all = commands.getEnumConstants();
        requests = new Counter[all.length];
        for (C c : all) {
            requests[c.ordinal()] = counter(UdpSocketMeters.REQUESTS, "Requests received by kind", tagOf.apply(c));
        }
        for (ErrorReason r : ErrorReason.values()) {
            errors.put(r, counter(UdpSocketMeters.ERRORS, "Refused or failed requests by reason", r.tag()));
        }
        replies = counter(UdpSocketMeters.REPLIES, "Reply datagrams written", null);
        stale = counter(UdpSocketMeters.STALE_REPLIES, "Pull replies carrying OLD_DATA", null);
        overflow = counter(UdpSocketMeters.QUEUE_OVERFLOW, "Push messages refused or dropped on a full queue", null);
        callbackFailures = counter(UdpSocketMeters.CALLBACK_FAILURES, "Push callbacks or listeners that threw", null);
        denied = counter(UdpSocketMeters.DENIED, "Datagrams dropped without a reply, by reason", "not_allowed");
    }

    private Counter counter(UdpSocketMeters meter, String description, String extraTagValue) {
        Counter.Builder b = Counter.builder(meter.meterName()).description(description).tags(tags);
        if (meter.extraTag() != null) {
            b.tag(meter.extraTag(), extraTagValue);
        }
        Counter c = b.register(registry);
        meters.add(c);
        return c;
    }

    /** Registers the {@link UdpSocketMeters#QUEUE_DEPTH} gauge. */
    void queueDepth(Supplier<Number> depth) {
        meters.add(Gauge.builder(UdpSocketMeters.QUEUE_DEPTH.meterName(), depth)
                .description("Items waiting in the push queue or callback worker").tags(tags).register(registry));
    }

    void request(C command) {
        requests[command.ordinal()].increment();
    }

    void error(ErrorReason reason) {
        errors.get(reason).increment();
    }

    void reply() {
        replies.increment();
    }

    void stale() {
        stale.increment();
    }

    void overflow() {
        overflow.increment();
    }

    void callbackFailure() {
        callbackFailures.increment();
    }

    void denied() {
        denied.increment();
    }

    /** Removes this socket's meters, so that a socket started again later starts from zero. */
    void close() {
        for (Meter m : meters) {
            registry.remove(m);
        }
        meters.clear();
    }
}
