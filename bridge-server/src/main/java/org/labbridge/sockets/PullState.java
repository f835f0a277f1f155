package org.labbridge.sockets;

import org.labbridge.codec.pyexplabsys.PullCommand;
import org.labbridge.codec.python.PyTuple;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable snapshot of a pull socket: codenames in data order, which of them are registered, their
 * points, set times and timeouts. Every change builds a new snapshot, swapped in atomically, so a reply built
 * from one snapshot is always consistent (§8).
 *
 * <p>Its replies ({@code json_wn}, {@code raw}, {@code cn#json}, ...) are cached per snapshot ({@link CachedReplies}).
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
    /** Codenames the socket was built with: they never expire. */
    final boolean[] permanent;
    /** What each codename and its point add to the whole replies. */
    final ReplySizes.Entry[] sizes;
    final ReplySizes totals;
    final StateLimits limits;
    /** The oldest set time of a codename that may expire (+inf when none may). */
    final double oldestExpirable;
    private final Map<String, Integer> index;
    /** The replies of this snapshot, built when first asked for. */
    private final CachedReplies replies = new CachedReplies(this);

    /** The outcome of {@link #with}: the new state and the codenames it did not take. */
    record Update(PullState state, List<Refusal> refused) {
    }

    /**
     * The codenames, their order and what each is: changes only when a codename is added or expires, so the
     * snapshots in between share one (a set copies only the points, set times and sizes).
     */
    private record Layout(List<String> names, List<String> registered, boolean[] isRegistered, double[] timeouts,
                          boolean anyTimeout, boolean[] permanent, Map<String, Integer> index) {

        static Layout of(List<String> names, boolean[] isRegistered, double[] timeouts, boolean[] permanent,
                         Map<String, Integer> index) {
            List<String> reg = new ArrayList<>();
            boolean any = false;
            for (int i = 0; i < names.size(); i++) {
                if (isRegistered[i]) {
                    reg.add(names.get(i));
                }
                any |= !Double.isNaN(timeouts[i]);
            }
            return new Layout(names, Collections.unmodifiableList(reg), isRegistered, timeouts, any, permanent, index);
        }
    }

    private final Layout layout;

    private PullState(boolean dateType, Layout layout, PyTuple[] points, double[] setTimes, ReplySizes.Entry[] sizes,
                      ReplySizes totals, StateLimits limits, double oldestExpirable) {
        this.dateType = dateType;
        this.layout = layout;
        this.names = layout.names;
        this.registered = layout.registered;
        this.isRegistered = layout.isRegistered;
        this.timeouts = layout.timeouts;
        this.anyTimeout = layout.anyTimeout;
        this.permanent = layout.permanent;
        this.index = layout.index;
        this.points = points;
        this.setTimes = setTimes;
        this.sizes = sizes;
        this.totals = totals;
        this.limits = limits;
        this.oldestExpirable = oldestExpirable;
    }

    /**
     * The oldest set time of a codename that may expire, +inf when none may (or nothing expires). A NaN set time
     * (possible through {@code setPoint(cn, point, timestamp)}) never passes the cutoff, so it is left out:
     * counted in, it made every request look for codenames to expire.
     */
    private static double oldestExpirable(StateLimits limits, boolean[] permanent, double[] setTimes) {
        double oldest = Double.POSITIVE_INFINITY;
        if (limits.expires()) {
            for (int i = 0; i < setTimes.length; i++) {
                if (!permanent[i] && setTimes[i] < oldest) { // a NaN set time never expires: left out
                    oldest = setTimes[i];
                }
            }
        }
        return oldest;
    }

    /**
     * The initial state: every codename registered with the default point, set time 0.0 (Python's).
     *
     * @throws IllegalArgumentException when these codenames alone break the limits
     */
    static PullState initial(boolean dateType, List<String> codenames, List<Double> timeouts, PyTuple defaultPoint,
                             StateLimits limits) {
        int n = codenames.size();
        boolean[] reg = new boolean[n];
        Arrays.fill(reg, true);
        PyTuple[] pts = new PyTuple[n];
        Arrays.fill(pts, defaultPoint);
        double[] to = new double[n];
        boolean[] permanent = new boolean[n];
        Arrays.fill(permanent, true);
        ReplySizes.Entry[] sizes = new ReplySizes.Entry[n];
        ReplySizes totals = ReplySizes.EMPTY;
        Map<String, Integer> idx = new HashMap<>();
        for (int i = 0; i < n; i++) {
            Double t = timeouts.get(i);
            to[i] = t == null ? Double.NaN : t;
            idx.put(codenames.get(i), i);
            sizes[i] = ReplySizes.Entry.of(codenames.get(i), true, defaultPoint);
            totals = totals.plus(sizes[i]);
        }
        if (n > limits.maxCodenames() || totals.largest() > limits.maxStateBytes()) {
            throw new IllegalArgumentException(n + " codenames with their default points need replies of up to "
                    + totals.largest() + " bytes; the limits are " + limits.maxCodenames() + " codenames and "
                    + limits.maxStateBytes() + " bytes");
        }
        return new PullState(dateType, Layout.of(List.copyOf(codenames), reg, to, permanent, idx), pts, new double[n],
                sizes, totals, limits, Double.POSITIVE_INFINITY);
    }

    /** Position of a codename in data order, or -1. */
    int indexOf(String codename) {
        Integer i = index.get(codename);
        return i == null ? -1 : i;
    }

    /**
     * A new state with these points set. Unknown codenames are appended: registered (with
     * {@code newTimeout}) when {@code register} is set, else unregistered and never stale (Python's rule).
     * A codename that would break the {@link StateLimits} is left out and reported; the others are set.
     */
    Update with(Map<String, PyTuple> updates, double setTime, boolean register, double newTimeout) {
        // Only the per-point arrays are copied, once; the layout is shared unless a codename is added.
        // Copying all six arrays twice and rebuilding the registered list on every set made a routed push
        // cost O(codenames) with a large constant: 26 us per push into a socket of 1,000 codenames, 5.5 at 1.
        int n = names.size();
        PyTuple[] pts = points.clone();
        double[] st = setTimes.clone();
        ReplySizes.Entry[] sz = sizes.clone();
        List<String> nm = null; // the layout's arrays, copied when the first new codename comes
        boolean[] reg = null;
        double[] to = null;
        boolean[] perm = null;
        Map<String, Integer> idx = index;
        int m = n;
        boolean rescanOldest = false;
        double oldest = oldestExpirable;
        ReplySizes sum = totals;
        List<Refusal> refused = List.of();
        for (Map.Entry<String, PyTuple> e : updates.entrySet()) {
            String cn = e.getKey();
            Integer i = idx.get(cn);
            Refusal no;
            if (i != null) {
                ReplySizes.Entry size = sz[i].withPoint(e.getValue());
                ReplySizes next = sum.minus(sz[i]).plus(size);
                no = checkBytes(cn, next);
                if (no == null) {
                    if (!(perm == null ? permanent : perm)[i]) {
                        rescanOldest |= st[i] == oldestExpirable; // it held the oldest time: look again
                        oldest = setTime < oldest ? setTime : oldest; // (not Math.min: a NaN is left out)
                    }
                    sum = next;
                    sz[i] = size;
                    pts[i] = e.getValue();
                    st[i] = setTime;
                    continue;
                }
            } else {
                no = checkNew(cn, m);
                ReplySizes.Entry size = null;
                ReplySizes next = null;
                if (no == null) {
                    size = ReplySizes.Entry.of(cn, register, e.getValue());
                    next = sum.plus(size);
                    no = checkBytes(cn, next);
                }
                if (no == null) {
                    if (nm == null) {
                        int cap = n + updates.size();
                        pts = Arrays.copyOf(pts, cap);
                        st = Arrays.copyOf(st, cap);
                        sz = Arrays.copyOf(sz, cap);
                        reg = Arrays.copyOf(isRegistered, cap);
                        to = Arrays.copyOf(timeouts, cap);
                        perm = Arrays.copyOf(permanent, cap);
                        nm = new ArrayList<>(names);
                        idx = new HashMap<>(index);
                    }
                    int k = m++;
                    nm.add(cn);
                    idx.put(cn, k);
                    reg[k] = register;
                    to[k] = register ? newTimeout : Double.NaN;
                    sz[k] = size;
                    sum = next;
                    pts[k] = e.getValue();
                    st[k] = setTime;
                    oldest = setTime < oldest ? setTime : oldest; // added here: never permanent
                    continue;
                }
            }
            if (refused.isEmpty()) {
                refused = new ArrayList<>();
            }
            refused.add(no);
        }
        Layout lay = layout;
        if (nm != null) {
            pts = Arrays.copyOf(pts, m);
            st = Arrays.copyOf(st, m);
            sz = Arrays.copyOf(sz, m);
            perm = Arrays.copyOf(perm, m);
            lay = Layout.of(Collections.unmodifiableList(nm), Arrays.copyOf(reg, m), Arrays.copyOf(to, m), perm, idx);
        }
        if (!limits.expires()) {
            oldest = Double.POSITIVE_INFINITY;
        } else if (rescanOldest) {
            oldest = oldestExpirable(limits, lay.permanent, st);
        }
        return new Update(new PullState(dateType, lay, pts, st, sz, sum, limits, oldest), refused);
    }

    /**
     * Whether {@link #with} of these points would refuse none, told without building that state: every
     * codename is known (so only the byte bound could refuse one), every point is two finite numbers, and
     * every reply still fits with each of them at its longest text. The door check of every routed push
     * asks this first (building the state twice per push was ~9 % of a routed push's CPU); false means
     * only "ask {@link #with}".
     */
    boolean acceptsAll(Map<String, PyTuple> updates) {
        long growth = 0;
        for (Map.Entry<String, PyTuple> e : updates.entrySet()) {
            Integer i = index.get(e.getKey());
            int bound = i == null ? -1 : sizes[i].growthBound(e.getValue());
            if (bound < 0) {
                return false;
            }
            growth += bound;
        }
        return totals.largest() + growth <= limits.maxStateBytes();
    }

    private Refusal checkNew(String codename, int count) {
        int max = limits.maxCodenameLength();
        // length() bounds the code point count from above: the count is only needed near the limit
        if (codename.length() > max && codename.codePointCount(0, codename.length()) > max) {
            return new Refusal(codename, Refusal.Reason.CODENAME_TOO_LONG, "The codename '"
                    + Refusal.shorten(codename) + "' has " + codename.codePointCount(0, codename.length())
                    + " characters; at most " + max + " are allowed");
        }
        if (count >= limits.maxCodenames()) {
            return new Refusal(codename, Refusal.Reason.TOO_MANY_CODENAMES, "The codename '"
                    + Refusal.shorten(codename) + "' is new and " + limits.maxCodenames()
                    + " codenames are kept already (the most allowed)");
        }
        return null;
    }

    private Refusal checkBytes(String codename, ReplySizes next) {
        if (next.largest() <= limits.maxStateBytes()) {
            return null;
        }
        return new Refusal(codename, Refusal.Reason.STATE_FULL, "Setting '" + Refusal.shorten(codename)
                + "' would make a reply of " + next.largest() + " bytes; at most " + limits.maxStateBytes()
                + " are allowed");
    }

    /**
     * This state without the codenames set before {@code now - limits.expirySeconds()} (never those it was
     * built with), or {@code this} when none is that old.
     *
     * @param expired receives the names dropped
     */
    PullState expire(double now, List<String> expired) {
        if (!limits.expires() || oldestExpirable >= now - limits.expirySeconds()) {
            return this;
        }
        double cutoff = now - limits.expirySeconds();
        int n = names.size();
        List<String> nm = new ArrayList<>(n);
        Map<String, Integer> idx = new HashMap<>();
        boolean[] reg = new boolean[n];
        PyTuple[] pts = new PyTuple[n];
        double[] st = new double[n];
        double[] to = new double[n];
        boolean[] perm = new boolean[n];
        ReplySizes.Entry[] sz = new ReplySizes.Entry[n];
        ReplySizes sum = totals;
        for (int i = 0; i < n; i++) {
            if (!permanent[i] && setTimes[i] < cutoff) {
                expired.add(names.get(i));
                sum = sum.minus(sizes[i]);
                continue;
            }
            int k = nm.size();
            nm.add(names.get(i));
            idx.put(names.get(i), k);
            reg[k] = isRegistered[i];
            pts[k] = points[i];
            st[k] = setTimes[i];
            to[k] = timeouts[i];
            perm[k] = permanent[i];
            sz[k] = sizes[i];
        }
        int m = nm.size();
        boolean[] keptPermanent = Arrays.copyOf(perm, m);
        double[] keptTimes = Arrays.copyOf(st, m);
        return new PullState(dateType, Layout.of(Collections.unmodifiableList(nm), Arrays.copyOf(reg, m),
                Arrays.copyOf(to, m), keptPermanent, idx), Arrays.copyOf(pts, m), keptTimes, Arrays.copyOf(sz, m),
                sum, limits, oldestExpirable(limits, keptPermanent, keptTimes));
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

    /**
     * The reply to a whole-socket command, from the cache when nothing changed (see {@link CachedReplies}).
     *
     * @param staleOut set to true when the reply carries OLD_DATA
     */
    byte[] whole(PullCommand command, String socketName, double now, boolean[] staleOut) {
        return replies.reply(command, socketName, now, staleOut);
    }

    /** The {@code cn#json} or {@code cn#raw} reply of the fresh point at {@code i} (see {@link CachedReplies#single}). */
    byte[] single(int i, boolean json) {
        return replies.single(i, json);
    }

    /** Whether {@link #whole} would answer {@code command} at {@code now} from its cache, without a staleness scan. */
    boolean cachedAt(PullCommand command, double now) {
        return replies.cachedAt(command, now);
    }

    /**
     * A time up to which point {@code i}, fresh now, surely stays fresh ({@code +inf} if it never turns stale:
     * no timeout, or a NaN or infinite x), a little before {@code x + timeout}.
     */
    double turnsStaleAfter(int i) {
        double timeout = timeouts[i];
        if (Double.isNaN(timeout)) {
            return Double.POSITIVE_INFINITY;
        }
        // with a timeout, a fresh point of a date socket has a Number x (see stale)
        double t = dateType ? ((Number) points[i].items().get(0)).doubleValue() : setTimes[i];
        double bound = t + timeout;
        if (Double.isNaN(bound)) {
            return Double.POSITIVE_INFINITY;
        }
        if (bound == Double.POSITIVE_INFINITY) { // never stale, or (a finite sum that overflowed) only at +inf
            return Double.isInfinite(t) || Double.isInfinite(timeout) ? bound : Double.MAX_VALUE;
        }
        return bound - CachedReplies.FRESH_MARGIN * Math.max(1.0, Math.abs(t) + Math.abs(timeout));
    }
}
