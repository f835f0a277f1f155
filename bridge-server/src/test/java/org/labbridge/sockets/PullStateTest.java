package org.labbridge.sockets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.labbridge.codec.python.PyTuple;

/**
 * The pull state's copy-on-write snapshots: a set shares what it does not change (so its cost does not grow
 * with the codenames it leaves alone) and the oldest set time that expiry looks at stays exact.
 */
class PullStateTest {

    private static final StateLimits EXPIRING = new StateLimits(40, 255, 65_507, 100.0);

    private static PullState initial(StateLimits limits, String... codenames) {
        List<Double> timeouts = Arrays.asList(new Double[codenames.length]);
        return PullState.initial(false, List.of(codenames), timeouts, PyTuple.of(0.0, 0.0), limits);
    }

    private static Map<String, PyTuple> points(String... codenames) {
        Map<String, PyTuple> m = new LinkedHashMap<>();
        for (String cn : codenames) {
            m.put(cn, PyTuple.of(1.0, 2.0));
        }
        return m;
    }

    @Test
    void aSetOfKnownCodenamesSharesTheCodenamesAndCopiesOnlyThePoints() {
        PullState s = initial(StateLimits.DEFAULT, "a", "b", "c");
        PullState next = s.with(points("b"), 5.0, true, Double.NaN).state();
        assertSame(s.names, next.names);
        assertSame(s.registered, next.registered);
        assertSame(s.isRegistered, next.isRegistered);
        assertSame(s.timeouts, next.timeouts);
        assertSame(s.permanent, next.permanent);
        assertNotSame(s.points, next.points, "the old snapshot is never changed");
        assertEquals(PyTuple.of(0.0, 0.0), s.points[1]);
        assertEquals(PyTuple.of(1.0, 2.0), next.points[1]);
        assertEquals(5.0, next.setTimes[1]);
        assertEquals(0.0, s.setTimes[1]);

        PullState grown = next.with(points("b", "new"), 6.0, true, 30.0).state();
        assertEquals(List.of("a", "b", "c", "new"), grown.names);
        assertEquals(List.of("a", "b", "c", "new"), grown.registered);
        assertEquals(30.0, grown.timeouts[3]);
        assertTrue(grown.anyTimeout);
        assertEquals(List.of("a", "b", "c"), next.names, "the old snapshot keeps its codenames");
        assertEquals(3, grown.indexOf("new"));
        assertEquals(-1, next.indexOf("new"));
    }

    @Test
    void theOldestSetTimeIsExactAfterEverySetAndExpiry() {
        Random rnd = new Random(7);
        List<String> pool = new ArrayList<>(List.of("fixed1", "fixed2"));
        for (int i = 0; i < 20; i++) {
            pool.add("c" + i);
        }
        PullState s = initial(EXPIRING, "fixed1", "fixed2");
        double now = 1_000.0;
        int rescansNeeded = 0;
        for (int step = 0; step < 5_000; step++) {
            now += rnd.nextDouble() * 20;
            Map<String, PyTuple> batch = new LinkedHashMap<>();
            int k = 1 + rnd.nextInt(3);
            for (int j = 0; j < k; j++) {
                batch.put(pool.get(rnd.nextInt(pool.size())), PyTuple.of(now, (double) step));
            }
            for (String cn : batch.keySet()) {
                int i = s.indexOf(cn);
                if (i >= 0 && !s.permanent[i] && s.setTimes[i] == s.oldestExpirable) {
                    rescansNeeded++; // this set moves the oldest codename: the oldest time must be found again
                    break;
                }
            }
            PullState next = s.with(batch, now, true, Double.NaN).state();
            assertEquals(scan(next), next.oldestExpirable, "after a set at step " + step);
            List<String> gone = new ArrayList<>();
            s = next.expire(now, gone);
            assertEquals(scan(s), s.oldestExpirable, "after expiry at step " + step);
            for (int i = 0; i < s.names.size(); i++) {
                assertTrue(s.permanent[i] || s.setTimes[i] >= now - 100.0, "nothing older than the expiry is kept");
            }
        }
        assertTrue(rescansNeeded > 100, "the walk updates the oldest codename often: " + rescansNeeded);
    }

    @Test
    void aNaNSetTimeNeitherHidesTheOldestNorMakesEveryRequestLookForExpiredCodenames() {
        PullState s = initial(EXPIRING, "fixed").with(points("x"), Double.NaN, true, Double.NaN).state();
        assertEquals(Double.POSITIVE_INFINITY, s.oldestExpirable, "nothing that can expire");
        List<String> gone = new ArrayList<>();
        assertSame(s, s.expire(1e12, gone), "no pass over the codenames");
        s = s.with(points("y"), 5.0, true, Double.NaN).state();
        assertEquals(5.0, s.oldestExpirable);
        s = s.with(points("x"), 7.0, true, Double.NaN).state().with(points("x"), Double.NaN, true, Double.NaN).state();
        assertEquals(5.0, s.oldestExpirable);
        s = s.expire(200.0, gone);
        assertEquals(List.of("y"), gone, "x, set at NaN, never expires (as before)");
        assertEquals(List.of("fixed", "x"), s.names);
        assertEquals(Double.POSITIVE_INFINITY, s.oldestExpirable, "what is left cannot expire");
        assertSame(s, s.expire(1e12, gone));
    }

    @Test
    void withoutExpiryNoOldestTimeIsKept() {
        PullState s = initial(StateLimits.DEFAULT, "a").with(points("x", "y"), 5.0, true, Double.NaN).state();
        assertEquals(Double.POSITIVE_INFINITY, s.oldestExpirable);
        List<String> gone = new ArrayList<>();
        assertSame(s, s.expire(1e12, gone));
        assertEquals(List.of(), gone);
    }

    /** The oldest set time of an expirable codename, found the slow way. */
    private static double scan(PullState s) {
        double oldest = Double.POSITIVE_INFINITY;
        for (int i = 0; i < s.names.size(); i++) {
            if (!s.permanent[i] && s.setTimes[i] < oldest) { // a NaN set time never expires
                oldest = s.setTimes[i];
            }
        }
        return oldest;
    }
}
