package org.labbridge.daemon;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Delivers each message a node produces to the nodes its connections name. A sink that throws does not
 * stop delivery to the others: the failure is logged with both node names and counted.
 */
final class Router {

    private static final Logger log = LoggerFactory.getLogger(Router.class);

    private final Map<String, List<Node>> targetsBySource;
    private final Map<String, Counter> routedBySource = new HashMap<>();
    private final Map<String, Counter> failuresByTarget = new HashMap<>();

    Router(Map<String, List<Node>> targetsBySource, MeterRegistry registry) {
        this.targetsBySource = Map.copyOf(targetsBySource);
        targetsBySource.forEach((source, targets) -> {
            routedBySource.put(source, DaemonMeters.MESSAGES_ROUTED.counter(registry, "node", source));
            for (Node target : targets) {
                failuresByTarget.computeIfAbsent(target.name(),
                        name -> DaemonMeters.ROUTE_FAILURES.counter(registry, "node", name));
            }
        });
    }

    /** Routes one message from {@code source} to its targets. */
    void route(String source, Message message) {
        List<Node> targets = targetsBySource.get(source);
        if (targets == null) {
            return;
        }
        routedBySource.get(source).increment();
        for (Node target : targets) {
            try {
                target.accept(message);
            } catch (RuntimeException e) {
                Counter failures = failuresByTarget.get(target.name());
                failures.increment();
                long n = (long) failures.count();
                // The 1st, 10th, 100th... failure at WARN: a sink that fails on every message must not flood.
                if (isPowerOfTen(n)) {
                    log.warn("route {} → {}: message dropped ({} so far): {}", source, target.name(), n, e.toString());
                } else {
                    log.debug("route {} → {}: message dropped: {}", source, target.name(), e.toString());
                }
            }
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

    private static boolean isPowerOfTen(long n) {
        while (n >= 10 && n % 10 == 0) {
            n /= 10;
        }
        return n == 1;
    }
}
