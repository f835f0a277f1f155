package org.labbridge.daemon.metrics;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which meters the UDP metrics socket serves, so that its largest reply, {@code json_wn}, always fits in
 * one datagram. A daemon with many sockets has more meters than a 65,507-byte reply holds (22 pull sockets
 * already did), and a pull socket that answers {@code ERROR#…} to {@code json_wn} serves nobody. labbridge's
 * own meters come first (what the socket is for), then the JVM's and Netty's, each group in name order, as
 * many as fit; the rest are left out (and counted), and {@code /metrics} over HTTP serves every one.
 *
 * <p>The bound is an upper estimate per entry, {@code "codename": [time, value], }, with the longest
 * {@code repr} of a time and of a double, so the sum never underestimates the reply.
 */
public final class MetricsReplyBudget {

    /** The largest UDP payload over IPv4 (65,535 − 8 − 20). */
    public static final int UDP_MAXIMUM = 65_507;
    /** {@code "": [, ], } around an entry, and the longest reprs of a unix time (18) and of a double (24). */
    private static final int ENTRY_OVERHEAD = 8 + 18 + 24;

    private MetricsReplyBudget() {
    }

    /** The meters served, in reply order, and how many were left out. */
    public record Selection(Map<String, Double> served, int omitted) {
    }

    /** The meters that fit in {@link #UDP_MAXIMUM}, labbridge's first. */
    public static Selection select(Map<String, Double> meters) {
        return select(meters, UDP_MAXIMUM);
    }

    static Selection select(Map<String, Double> meters, int budget) {
        List<String> own = new ArrayList<>();
        List<String> others = new ArrayList<>();
        for (String codename : meters.keySet()) {
            (codename.startsWith("labbridge.") ? own : others).add(codename);
        }
        own.sort(null);
        others.sort(null);
        Map<String, Double> served = new LinkedHashMap<>();
        int used = 2; // {}
        int omitted = 0;
        for (List<String> group : List.of(own, others)) {
            for (String codename : group) {
                int cost = codename.getBytes(StandardCharsets.UTF_8).length + ENTRY_OVERHEAD;
                if (used + cost <= budget) {
                    served.put(codename, meters.get(codename));
                    used += cost;
                } else {
                    omitted++;
                }
            }
        }
        return new Selection(served, omitted);
    }
}
