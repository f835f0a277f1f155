package org.labbridge.daemon;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The daemon's own meters (routing), documented in one place like Micrometer's {@code NettyMeters}. The
 * socket and bridge meters are documented in their components' enums; README's "Metrics" lists them all.
 */
public enum DaemonMeters {

    /** Messages a source node produced and the router delivered. Tag: {@code node} (the source). */
    MESSAGES_ROUTED("labbridge.route.messages", "messages routed from a node"),

    /** Messages a sink failed to take (logged with the route). Tag: {@code node} (the sink). */
    ROUTE_FAILURES("labbridge.route.failures", "messages a sink node failed to take"),

    /** Messages a node could not use (e.g. a bridge message that is not a JSON object). Tags: node, reason. */
    MESSAGES_REJECTED("labbridge.node.rejected", "messages a node rejected"),

    /** Codenames a pull node dropped after {@code codename_expiry} without an update. Tag: node. */
    CODENAMES_EXPIRED("labbridge.node.codenames.expired", "codenames dropped after codename_expiry without an update"),

    /** Connections to the HTTP endpoint closed at accept: their source is not in {@code http.allow}. */
    HTTP_DENIED("labbridge.http.connections.denied", "http connections from sources not in allow");

    private final String meterName;
    private final String description;

    DaemonMeters(String meterName, String description) {
        this.meterName = meterName;
        this.description = description;
    }

    public String meterName() {
        return meterName;
    }

    public String description() {
        return description;
    }

    /** The counter with these tags (key, value pairs). */
    public Counter counter(MeterRegistry registry, String... tags) {
        return Counter.builder(meterName).description(description).tags(tags).register(registry);
    }
}
