package org.labbridge.netdata;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The base unit of one of the daemon's meters, from its name: Micrometer's ({@code jvm.memory.used},
 * {@code labbridge.poll.total_time}) as the UDP metrics socket serves them, or Prometheus's
 * ({@code jvm_memory_used_bytes}, {@code labbridge_udp_requests_total}) as the HTTP endpoint does, which
 * name their unit as a suffix. The first rule whose word occurs in the name wins; a meter none matches is
 * charted in the job's {@code units}.
 */
final class MeterUnits {
    private record Rule(Set<String> words, String unit) {
    }

    private static final List<Rule> RULES = List.of(
            new Rule(Set.of("bytes", "memory", "capacity", "size"), "bytes"),
            new Rule(Set.of("seconds", "time", "uptime", "duration", "latency"), "seconds"),
            new Rule(Set.of("connections", "connection", "clients", "peers", "sessions"), "connections"),
            new Rule(Set.of("messages", "message", "requests", "replies", "datagrams", "frames", "lines", "routed",
                    "dropped", "relayed", "received", "sent"), "messages"),
            new Rule(Set.of("threads"), "threads"),
            new Rule(Set.of("classes"), "classes"),
            new Rule(Set.of("errors", "failures", "rejected", "timeouts"), "errors"),
            new Rule(Set.of("usage", "ratio"), "ratio"),
            new Rule(Set.of("count", "cpu", "files", "buffers", "sockets"), "count"));

    private MeterUnits() {
    }

    /**
     * The base unit of {@code meter} (the codename's meter name), or null when the name does not tell. The
     * cumulative count of a timer or summary ({@code labbridge.poll.count}, {@code jvm_gc_pause_seconds_count})
     * counts events, whatever unit its name carries.
     */
    static String of(String meter, boolean cumulative) {
        if (cumulative && (meter.endsWith(".count") || meter.endsWith("_count"))) {
            return "events";
        }
        List<String> words = List.of(meter.toLowerCase(Locale.ROOT).split("[._\\-]"));
        for (Rule rule : RULES) {
            for (String w : words) {
                if (rule.words().contains(w)) {
                    return rule.unit();
                }
            }
        }
        return null;
    }
}
