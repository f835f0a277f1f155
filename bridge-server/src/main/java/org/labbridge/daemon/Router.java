package org.labbridge.daemon;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.labbridge.logging.RateLimitedLogger;
import org.slf4j.event.Level;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Delivers each message a node produces to the nodes its connections name. A sink that throws does not
 * stop delivery to the others: the failure is counted and logged rate-limited per target (a sink that fails
 * on every message writes one line a minute and a summary, with its expected stack trace only at DEBUG).
 */
final class Router {

    private static final RateLimitedLogger log = RateLimitedLogger.of(Router.class);

    private final Map<String, List<Node>> targetsBySource;
    private final Map<String, Counter> routedBySource = new HashMap<>();
    private final Map<String, Counter> failuresByTarget = new HashMap<>();
    /** The rate limiter's cause per target: a fixed label, so that the summary names the route. */
    private final Map<String, String> causeByTarget = new HashMap<>();

    Router(Map<String, List<Node>> targetsBySource, MeterRegistry registry) {
        this.targetsBySource = Map.copyOf(targetsBySource);
        targetsBySource.forEach((source, targets) -> {
            routedBySource.put(source, DaemonMeters.MESSAGES_ROUTED.counter(registry, "node", source));
            for (Node target : targets) {
                failuresByTarget.computeIfAbsent(target.name(),
                        name -> DaemonMeters.ROUTE_FAILURES.counter(registry, "node", name));
                causeByTarget.computeIfAbsent(target.name(), name -> "messages dropped by node " + name);
            }
        });
    }

    /**
     * Where the messages of {@code source} go: its targets, counter and failure counters resolved once
     * here, not looked up by name for every message (two map lookups per message were ~2 % of a
     * bridge-to-bridge relay's CPU). Nothing when {@code source} is in no connection.
     */
    Consumer<Message> from(String source) {
        List<Node> targets = targetsBySource.get(source);
        if (targets == null) {
            return message -> { };
        }
        Route route = new Route(source, targets.toArray(new Node[0]), routedBySource.get(source));
        return route::deliver;
    }

    /** The targets of one source. */
    private final class Route {
        private final String source;
        private final Node[] targets;
        private final Counter routed;

        Route(String source, Node[] targets, Counter routed) {
            this.source = source;
            this.targets = targets;
            this.routed = routed;
        }

        void deliver(Message message) {
            routed.increment();
            for (Node target : targets) {
                try {
                    target.accept(message);
                } catch (RuntimeException e) {
                    failed(source, target, e);
                }
            }
        }
    }

    /** A target that threw: counted, and logged rate-limited per target. */
    private void failed(String source, Node target, RuntimeException e) {
        Counter failures = failuresByTarget.get(target.name());
        failures.increment();
        String cause = causeByTarget.get(target.name());
        if (log.permits(Level.WARN, cause)) {
            log.logger().warn("{}: route {} → {}: {} ({} so far)", cause, source, target.name(),
                    e.toString(), (long) failures.count());
            log.logger().debug("Stack trace of the failure above", e);
        }
    }

    /** The first {@link Node#refusal} of {@code source}'s targets, or {@code null} when all would keep the values. */
    String refusal(String source, Map<String, Object> values) {
        List<Node> targets = targetsBySource.get(source);
        if (targets == null) {
            return null;
        }
        for (Node target : targets) {
            String why = target.refusal(values);
            if (why != null) {
                return why;
            }
        }
        return null;
    }
}
