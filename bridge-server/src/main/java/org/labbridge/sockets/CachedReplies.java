package org.labbridge.sockets;

import org.labbridge.codec.pyexplabsys.PullCommand;
import org.labbridge.codec.pyexplabsys.PullReplies;
import org.labbridge.codec.python.PyTuple;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The whole-socket replies ({@code json_wn}, {@code raw}, the codename lists, ...) of one {@link PullState}
 * snapshot, built when first asked for and cached with the staleness they were built for; and its
 * single-codename replies ({@code cn#raw}, {@code cn#json}) of fresh points, in a small cache of their own.
 *
 * <p>A cached whole reply is served without looking at any point while no point can have turned stale since
 * it was built: within a snapshot a point's staleness only grows with time (a set makes a new snapshot), so
 * the reply holds from its build time until the first fresh point's {@code x + timeout}. Before that bound
 * was kept, every request of a socket with timeouts checked every codename's staleness (~5 ns each: at 1,000
 * codenames 15 us of CPU per pull instead of 10). Safe to share between threads: an entry is immutable and
 * replaced whole.
 */
final class CachedReplies {

    /**
     * How much earlier than the exact bound a cached reply is checked again: far more than the rounding of
     * {@code now - x > timeout} against {@code x + timeout} (~1e-16 relative), ~2 ms at today's Unix time.
     */
    static final double FRESH_MARGIN = 1e-12;

    /**
     * A whole reply and the staleness it was built for, valid for any time in {@code [builtAt, freshUntil]}
     * (a clock that went back is checked again).
     */
    private record Cached(boolean[] stale, byte[] bytes, boolean anyStale, double builtAt, double freshUntil) {

        boolean validAt(double now) {
            return builtAt <= now && now <= freshUntil;
        }
    }

    /** Slots of the single-codename cache (direct-mapped by codename and format): a client polls a few. */
    private static final int SINGLE_SLOTS = 16;

    /** A fresh point's {@code cn#raw} or {@code cn#json} reply. */
    private record Single(int index, boolean json, byte[] bytes) {
    }

    private final PullState state;
    private final AtomicReferenceArray<Cached> cache = new AtomicReferenceArray<>(PullCommand.values().length);
    /** Made on the first single-codename request: most snapshots of a pushed-to socket never see one. */
    private volatile AtomicReferenceArray<Single> singles;

    CachedReplies(PullState state) {
        this.state = state;
    }

    /**
     * The reply to a whole-socket command at {@code now}.
     *
     * @param staleOut set to true when the reply carries OLD_DATA
     */
    byte[] reply(PullCommand command, String socketName, double now, boolean[] staleOut) {
        Cached c = cache.get(command.ordinal());
        if (c != null && c.validAt(now)) {
            staleOut[0] = c.anyStale && usesPoints(command);
            return c.bytes;
        }
        boolean[] stale = null;
        boolean anyStale = false;
        double freshUntil = Double.POSITIVE_INFINITY;
        if (state.anyTimeout) {
            stale = new boolean[state.names.size()];
            for (int i = 0; i < stale.length; i++) {
                stale[i] = state.stale(i, now);
                anyStale |= stale[i];
                if (!stale[i]) {
                    freshUntil = Math.min(freshUntil, state.turnsStaleAfter(i));
                }
            }
        }
        byte[] bytes;
        boolean carriesStale;
        if (c != null && Arrays.equals(c.stale, stale)) {
            bytes = c.bytes;
            carriesStale = c.anyStale;
        } else {
            bytes = build(command, socketName, stale).getBytes(StandardCharsets.UTF_8);
            carriesStale = anyStale && usesPoints(command) && carriesStale(command, stale);
        }
        double builtAt = state.anyTimeout ? now : Double.NEGATIVE_INFINITY;
        cache.set(command.ordinal(), new Cached(stale, bytes, carriesStale, builtAt, freshUntil));
        staleOut[0] = carriesStale && usesPoints(command);
        return bytes;
    }

    /**
     * The {@code cn#json} ({@code json}) or {@code cn#raw} reply of the point at {@code index}, which the caller
     * found fresh: formatted once per snapshot and kept (the same array each time, so the handler also keeps
     * its direct buffer), not once per request.
     */
    byte[] single(int index, boolean json) {
        AtomicReferenceArray<Single> s = singles;
        if (s == null) {
            s = new AtomicReferenceArray<>(SINGLE_SLOTS); // two threads may each make one: one is lost, no harm
            singles = s;
        }
        int slot = (2 * index + (json ? 1 : 0)) & (SINGLE_SLOTS - 1);
        Single kept = s.get(slot);
        if (kept != null && kept.index == index && kept.json == json) {
            return kept.bytes;
        }
        PyTuple point = state.points[index];
        byte[] bytes = (json ? PullReplies.singleJson(point) : PullReplies.singleRaw(point))
                .getBytes(StandardCharsets.UTF_8);
        s.set(slot, new Single(index, json, bytes));
        return bytes;
    }

    /** Whether {@link #reply} would answer {@code command} at {@code now} from the cache, looking at no point. */
    boolean cachedAt(PullCommand command, double now) {
        Cached c = cache.get(command.ordinal());
        return c != null && c.validAt(now);
    }

    private static boolean usesPoints(PullCommand command) {
        return command == PullCommand.RAW || command == PullCommand.JSON || command == PullCommand.RAW_WN
                || command == PullCommand.JSON_WN;
    }

    private boolean carriesStale(PullCommand command, boolean[] stale) {
        for (int i = 0; i < stale.length; i++) {
            if (stale[i] && (command == PullCommand.JSON_WN || state.isRegistered[i])) {
                return true;
            }
        }
        return false;
    }

    private String build(PullCommand command, String socketName, boolean[] stale) {
        return switch (command) {
            case NAME -> socketName;
            case CODENAMES_RAW -> PullReplies.codenamesRaw(state.registered);
            case CODENAMES_JSON -> PullReplies.codenamesJson(state.registered);
            case RAW -> PullReplies.raw(servedPoints(stale, true));
            case JSON -> PullReplies.json(servedPoints(stale, true));
            case RAW_WN -> PullReplies.rawWithNames(state.registered, servedPoints(stale, true));
            case JSON_WN -> PullReplies.jsonWithNames(state.names, servedPoints(stale, false));
            default -> throw new IllegalArgumentException("not a whole-socket command: " + command);
        };
    }

    private List<PyTuple> servedPoints(boolean[] stale, boolean registeredOnly) {
        List<String> names = state.names;
        List<PyTuple> out = new ArrayList<>(names.size());
        for (int i = 0; i < names.size(); i++) {
            if (registeredOnly && !state.isRegistered[i]) {
                continue;
            }
            out.add(stale != null && stale[i] ? null : state.points[i]);
        }
        return out;
    }
}
