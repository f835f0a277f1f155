package org.labbridge.sockets;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * What a pull socket refused to keep its {@link StateLimits}, for {@code status}: a count per reason and the
 * most recent refusals (codenames shortened), so that a sensor whose readings never show up can be found
 * from the socket itself. Bounded: {@link #RECENT} entries of at most ~40 characters each.
 */
final class RefusalLog {

    /** How many recent refusals {@code status} lists. */
    static final int RECENT = 10;

    private final AtomicLongArray counts = new AtomicLongArray(Refusal.Reason.values().length);
    private final ArrayDeque<Refusal> recent = new ArrayDeque<>(RECENT);

    void record(Refusal r) {
        counts.incrementAndGet(r.reason().ordinal());
        Refusal small = new Refusal(Refusal.shorten(r.codename()), r.reason(), null); // no 65 kB codenames kept
        synchronized (recent) {
            if (recent.size() == RECENT) {
                recent.removeFirst();
            }
            recent.addLast(small);
        }
    }

    /** Whether anything was refused (otherwise {@code status} stays exactly PyExpLabSys's). */
    boolean any() {
        for (int i = 0; i < counts.length(); i++) {
            if (counts.get(i) > 0) {
                return true;
            }
        }
        return false;
    }

    long count(Refusal.Reason reason) {
        return counts.get(reason.ordinal());
    }

    /** {@code {"counts": {"state_full": 3, ...}, "recent": [{"codename": ..., "reason": ...}, ...]}}, oldest first. */
    Map<String, Object> toStatus() {
        Map<String, Object> byReason = new LinkedHashMap<>();
        for (Refusal.Reason reason : Refusal.Reason.values()) {
            long n = counts.get(reason.ordinal());
            if (n > 0) {
                byReason.put(reason.tag(), n);
            }
        }
        List<Object> list = new ArrayList<>();
        synchronized (recent) {
            for (Refusal r : recent) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("codename", r.codename());
                m.put("reason", r.reason().tag());
                list.add(m);
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("counts", byReason);
        out.put("recent", list);
        return out;
    }
}
