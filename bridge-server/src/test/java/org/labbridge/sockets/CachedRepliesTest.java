package org.labbridge.sockets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.labbridge.codec.pyexplabsys.PullCommand;
import org.labbridge.codec.pyexplabsys.PullReplies;
import org.labbridge.codec.python.PyTuple;

/**
 * A snapshot's whole replies: served from the cache, without looking at every point's staleness, exactly
 * while no point can have turned stale since the reply was built; always the reply built afresh. Its
 * single-codename replies: formatted once per snapshot, always what a fresh format gives.
 */
class CachedRepliesTest {

    private static Map<String, PyTuple> points(String... codenames) {
        Map<String, PyTuple> m = new LinkedHashMap<>();
        for (String cn : codenames) {
            m.put(cn, PyTuple.of(1.0, 2.0));
        }
        return m;
    }

    private static final List<PullCommand> WHOLE = List.of(PullCommand.RAW, PullCommand.JSON, PullCommand.RAW_WN,
            PullCommand.JSON_WN, PullCommand.CODENAMES_RAW, PullCommand.CODENAMES_JSON);

    @Test
    void aCachedReplyIsServedWithoutAScanOnlyUntilAPointCouldTurnStale() {
        List<Double> timeouts = Arrays.asList(10.0, null);
        PullState s = PullState.initial(false, List.of("a", "b"), timeouts, PyTuple.of(0.0, 0.0), StateLimits.DEFAULT)
                .with(points("a", "b"), 100.0, false, Double.NaN).state();
        boolean[] stale = new boolean[1];
        assertFalse(s.cachedAt(PullCommand.JSON_WN, 101.0), "nothing built yet");
        byte[] fresh = s.whole(PullCommand.JSON_WN, "s", 101.0, stale);
        assertFalse(stale[0]);
        assertTrue(s.cachedAt(PullCommand.JSON_WN, 101.0));
        assertTrue(s.cachedAt(PullCommand.JSON_WN, 109.99), "a turns stale after 110 (set at 100, timeout 10)");
        assertFalse(s.cachedAt(PullCommand.JSON_WN, 110.0 + 1e-6), "a may be stale: look again");
        assertFalse(s.cachedAt(PullCommand.JSON_WN, 100.5), "the clock went back: look again");
        assertSame(fresh, s.whole(PullCommand.JSON_WN, "s", 105.0, stale));

        byte[] old = s.whole(PullCommand.JSON_WN, "s", 111.0, stale);
        assertTrue(stale[0]);
        assertTrue(new String(old, StandardCharsets.UTF_8).contains("OLD_DATA"));
        assertTrue(s.cachedAt(PullCommand.JSON_WN, 1e12), "b never turns stale and a stays stale");
        assertFalse(s.cachedAt(PullCommand.JSON_WN, 110.5), "before it was built: look again");
    }

    @Test
    void aWholeReplyFromTheCacheIsTheReplyBuiltAfresh() {
        Random rnd = new Random(11);
        Object[] xs = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, "not a number", 1_000L, -5.0,
            Double.MAX_VALUE};
        // 1e300: with x = MAX_VALUE the bound overflows to +inf although both are finite
        double[] timeoutChoices = {Double.NaN, 0.0, 1.0, 5.0, 60.0, -1.0, Double.POSITIVE_INFINITY, 1e300};
        int hits = 0;
        for (int round = 0; round < 300; round++) {
            boolean dateType = rnd.nextBoolean();
            int n = 1 + rnd.nextInt(6);
            List<String> names = new ArrayList<>();
            List<Double> timeouts = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                names.add("c" + i);
                double t = timeoutChoices[rnd.nextInt(timeoutChoices.length)];
                timeouts.add(Double.isNaN(t) ? null : t);
            }
            PullState s = PullState.initial(dateType, names, timeouts, PyTuple.of(0.0, 0.0), StateLimits.DEFAULT);
            double now = 1_000.0;
            Map<String, PyTuple> set = new LinkedHashMap<>();
            List<Double> edges = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Object x = rnd.nextInt(4) == 0 ? xs[rnd.nextInt(xs.length)] : now - rnd.nextDouble() * 10;
                double setTime = now - rnd.nextDouble() * 10;
                set.put("c" + i, PyTuple.of(x, 1.5));
                s = s.with(Map.of("c" + i, set.get("c" + i)), setTime, false, Double.NaN).state();
                double base = dateType && x instanceof Number num ? num.doubleValue() : setTime;
                Double timeout = timeouts.get(i);
                if (timeout != null) {
                    edges.add(base + timeout); // the instant a point turns stale, and its neighbours below
                }
            }
            for (int step = 0; step < 40; step++) {
                if (!edges.isEmpty() && rnd.nextInt(3) == 0) {
                    double edge = edges.get(rnd.nextInt(edges.size()));
                    now = switch (rnd.nextInt(3)) {
                        case 0 -> edge;
                        case 1 -> Math.nextUp(edge);
                        default -> Math.nextDown(edge);
                    };
                } else {
                    now += rnd.nextInt(10) == 0 ? -rnd.nextDouble() * 5 : rnd.nextDouble() * 3; // sometimes back
                }
                PullCommand command = WHOLE.get(rnd.nextInt(WHOLE.size()));
                PullState afresh = s.with(Map.of(), 0.0, false, Double.NaN).state(); // same points, empty cache
                boolean[] cachedStale = new boolean[1];
                boolean[] freshStale = new boolean[1];
                hits += s.cachedAt(command, now) ? 1 : 0;
                byte[] cached = s.whole(command, "s", now, cachedStale);
                assertArrayEquals(afresh.whole(command, "s", now, freshStale), cached, command + " at " + now);
                assertEquals(freshStale[0], cachedStale[0], command + " at " + now);
            }
        }
        assertTrue(hits > 2_000, "most requests are served from the cache: " + hits);
    }

    @Test
    void aSingleCodenameReplyIsFormattedOncePerSnapshotAndIsAlwaysTheFreshFormat() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 40; i++) { // more codenames than slots: requests evict each other
            names.add("c" + i);
        }
        PullState s = PullState.initial(true, names, Arrays.asList(new Double[40]), PyTuple.of(0.0, 0.0),
                StateLimits.DEFAULT);
        Random rnd = new Random(5);
        int same = 0;
        for (int step = 0; step < 4_000; step++) {
            if (rnd.nextInt(200) == 0) { // a set: a new snapshot with its own replies
                s = s.with(Map.of("c" + rnd.nextInt(40), PyTuple.of(1.7e9 + rnd.nextDouble(), rnd.nextGaussian())),
                        1.0, false, Double.NaN).state();
            }
            int i = rnd.nextInt(rnd.nextBoolean() ? 3 : 40); // a client polls a few codenames, sometimes others
            boolean json = rnd.nextBoolean();
            String fresh = json ? PullReplies.singleJson(s.points[i]) : PullReplies.singleRaw(s.points[i]);
            byte[] reply = s.single(i, json);
            assertArrayEquals(fresh.getBytes(StandardCharsets.UTF_8), reply, "c" + i + (json ? "#json" : "#raw"));
            if (s.single(i, json) == reply) {
                same++;
            }
        }
        assertEquals(4_000, same, "asked again at once, the kept array");
    }
}
