package org.labbridge.sockets;

import org.labbridge.codec.pyexplabsys.PullCommand;
import org.labbridge.codec.pyexplabsys.PullReplies;
import org.labbridge.codec.python.PyTuple;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * An immutable snapshot of a pull socket: codenames in data order, which of them are registered, their
 * points, set times and timeouts. Every change builds a new snapshot, swapped in atomically, so a reply built
 * from one snapshot is always consistent (§8).
 *
 * <p>Whole-socket replies ({@code json_wn}, {@code raw}, ...) are cached per snapshot together with the
 * staleness they were built for; the cache is valid until the snapshot changes or a point goes stale.
 */
final class PullState {

    /** Python type: {@code date} (x is the time) or {@code data} (set time is the time). */
    final boolean dateType;
    /** All codenames with a point, in data order (registered first, then in first-set order). */
    final List<String> names;
    /** Registered codenames, in order: listed by codenames_*, raw, json, raw_wn. */
    final List<String> registered;
    final boolean[] isRegistered;
    final PyTuple[] points;
    final double[] setTimes;
    /** Timeout per codename in seconds; NaN = never stale. */
    final double[] timeouts;
    final boolean anyTimeout;
    private final Map<String, Integer> index;
    private final AtomicReferenceArray<Cached> cache = new AtomicReferenceArray<>(PullCommand.values().length);

    private record Cached(boolean[] stale, byte[] bytes, boolean anyStale) {
    }

    private PullState(boolean dateType, List<String> names, boolean[] isRegistered, PyTuple[] points,
                      double[] setTimes, double[] timeouts, Map<String, Integer> index) {
        this.dateType = dateType;
        this.names = names;
        this.isRegistered = isRegistered;
        this.points = points;
        this.setTimes = setTimes;
        this.timeouts = timeouts;
        this.index = index;
        List<String> reg = new ArrayList<>();
        boolean any = false;
        for (int i = 0; i < names.size(); i++) {
            if (isRegistered[i]) {
                reg.add(names.get(i));
            }
            any |= !Double.isNaN(timeouts[i]);
        }
        this.registered = Collections.unmodifiableList(reg);
        this.anyTimeout = any;
    }

    /** The initial state: every codename registered with the default point, set time 0.0 (Python's). */
    static PullState initial(boolean dateType, List<String> codenames, List<Double> timeouts, PyTuple defaultPoint) {
        int n = codenames.size();
        boolean[] reg = new boolean[n];
        Arrays.fill(reg, true);
        PyTuple[] pts = new PyTuple[n];
        Arrays.fill(pts, defaultPoint);
        double[] to = new double[n];
        Map<String, Integer> idx = new HashMap<>();
        for (int i = 0; i < n; i++) {
            Double t = timeouts.get(i);
            to[i] = t == null ? Double.NaN : t;
            idx.put(codenames.get(i), i);
        }
        return new PullState(dateType, List.copyOf(codenames), reg, pts, new double[n], to, idx);
    }

    /** Position of a codename in data order, or -1. */
    int indexOf(String codename) {
        Integer i = index.get(codename);
        return i == null ? -1 : i;
    }

    /**
     * A new state with these points set. Unknown codenames are appended: registered (with
     * {@code newTimeout}) when {@code register} is set, else unregistered and never stale (Python's rule).
     */
    PullState with(Map<String, PyTuple> updates, double setTime, boolean register, double newTimeout) {
        int n = names.size();
        int extra = 0;
        for (String cn : updates.keySet()) {
            if (!index.containsKey(cn)) {
                extra++;
            }
        }
        int m = n + extra;
        PyTuple[] pts = Arrays.copyOf(points, m);
        double[] st = Arrays.copyOf(setTimes, m);
        double[] to = Arrays.copyOf(timeouts, m);
        boolean[] reg = Arrays.copyOf(isRegistered, m);
        List<String> nm = names;
        Map<String, Integer> idx = index;
        if (extra > 0) {
            nm = new ArrayList<>(names);
            idx = new HashMap<>(index);
        }
        for (Map.Entry<String, PyTuple> e : updates.entrySet()) {
            Integer i = idx.get(e.getKey());
            if (i == null) {
                i = nm.size();
                nm.add(e.getKey());
                idx.put(e.getKey(), i);
                reg[i] = register;
                to[i] = register ? newTimeout : Double.NaN;
            }
            pts[i] = e.getValue();
            st[i] = setTime;
        }
        return new PullState(dateType, extra > 0 ? Collections.unmodifiableList(nm) : names, reg, pts, st, to, idx);
    }

    /** Python's {@code _old_data}: strictly older than the timeout. */
    boolean stale(int i, double now) {
        double timeout = timeouts[i];
        if (Double.isNaN(timeout)) {
            return false;
        }
        if (dateType) {
            // The point's x IS its time. Python crashes on a non-numeric x; we refuse to vouch for it.
            Object x = points[i].items().get(0);
            return !(x instanceof Number num) || now - num.doubleValue() > timeout;
        }
        return now - setTimes[i] > timeout;
    }

    /** The point to serve at position i, or {@code null} when stale. */
    PyTuple served(int i, double now) {
        return stale(i, now) ? null : points[i];
    }

    /**
     * The reply to a whole-socket command, from the cache when nothing changed.
     *
     * @param staleOut set to true when the reply carries OLD_DATA
     */
    byte[] whole(PullCommand command, String socketName, double now, boolean[] staleOut) {
        boolean[] stale = null;
        boolean anyStale = false;
        if (anyTimeout) {
            stale = new boolean[names.size()];
            for (int i = 0; i < stale.length; i++) {
                stale[i] = stale(i, now);
                anyStale |= stale[i];
            }
        }
        Cached c = cache.get(command.ordinal());
        if (c != null && Arrays.equals(c.stale, stale)) {
            staleOut[0] = c.anyStale && usesPoints(command);
            return c.bytes;
        }
        byte[] bytes = build(command, socketName, stale).getBytes(StandardCharsets.UTF_8);
        boolean carriesStale = anyStale && usesPoints(command) && carriesStale(command, stale);
        cache.set(command.ordinal(), new Cached(stale, bytes, carriesStale));
        staleOut[0] = carriesStale;
        return bytes;
    }

    private static boolean usesPoints(PullCommand command) {
        return command == PullCommand.RAW || command == PullCommand.JSON || command == PullCommand.RAW_WN
                || command == PullCommand.JSON_WN;
    }

    private boolean carriesStale(PullCommand command, boolean[] stale) {
        for (int i = 0; i < stale.length; i++) {
            if (stale[i] && (command == PullCommand.JSON_WN || isRegistered[i])) {
                return true;
            }
        }
        return false;
    }

    private String build(PullCommand command, String socketName, boolean[] stale) {
        return switch (command) {
            case NAME -> socketName;
            case CODENAMES_RAW -> PullReplies.codenamesRaw(registered);
            case CODENAMES_JSON -> PullReplies.codenamesJson(registered);
            case RAW -> PullReplies.raw(servedPoints(stale, true));
            case JSON -> PullReplies.json(servedPoints(stale, true));
            case RAW_WN -> PullReplies.rawWithNames(registered, servedPoints(stale, true));
            case JSON_WN -> PullReplies.jsonWithNames(names, servedPoints(stale, false));
            default -> throw new IllegalArgumentException("not a whole-socket command: " + command);
        };
    }

    private List<PyTuple> servedPoints(boolean[] stale, boolean registeredOnly) {
        List<PyTuple> out = new ArrayList<>(names.size());
        for (int i = 0; i < names.size(); i++) {
            if (registeredOnly && !isRegistered[i]) {
                continue;
            }
            out.add(stale != null && stale[i] ? null : points[i]);
        }
        return out;
    }
}
