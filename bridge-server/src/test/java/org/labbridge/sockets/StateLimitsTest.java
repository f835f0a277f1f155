package org.labbridge.sockets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.labbridge.codec.python.PyTuple;

/**
 * Bounded pull state: every whole-socket reply fits {@code maxStateBytes}, what would not fit is refused at
 * set time (the rest of the batch is set), and the running byte counts equal the real replies.
 */
class StateLimitsTest {

    private static final List<String> WHOLE = List.of("codenames_raw", "codenames_json", "raw", "json", "raw_wn",
            "json_wn");

    private final ManualClock clock = new ManualClock(1_700_000_000.0);

    private DataPullSocket auto(StateLimits limits) {
        return DataPullSocket.builder("s", List.of()).port(0).clock(clock).meterRegistry(new SimpleMeterRegistry())
                .autoCodenames(true).limits(limits).build();
    }

    private static int replyBytes(PullSocket s, String command) {
        return s.reply(command).length;
    }

    private static int largest(PullSocket s) {
        return WHOLE.stream().mapToInt(c -> replyBytes(s, c)).max().orElseThrow();
    }

    @Test
    void theIssuesLongCodenameIsRefusedAndPullsKeepWorking() {
        DataPullSocket s = auto(StateLimits.DEFAULT);
        s.setPointNow("t", 21.5);
        String huge = "x".repeat(65_480);
        List<Refusal> refused = s.setPointNow(huge, 1);
        assertEquals(1, refused.size());
        assertEquals(Refusal.Reason.CODENAME_TOO_LONG, refused.get(0).reason());
        assertEquals("The codename '" + "x".repeat(37) + "...' has 65480 characters; at most 255 are allowed",
                refused.get(0).message());
        // with long codenames allowed, the byte bound still refuses it
        DataPullSocket wide = auto(new StateLimits(1000, 65_507, 65_507, Double.NaN));
        wide.setPointNow("t", 21.5);
        Refusal r = wide.setPointNow(huge, 1).get(0);
        assertEquals(Refusal.Reason.STATE_FULL, r.reason());
        for (PullSocket p : List.of(s, wide)) {
            assertEquals(List.of("t"), p.codenames());
            for (String c : WHOLE) {
                assertFalse(new String(p.reply(c), StandardCharsets.UTF_8).startsWith("ERROR#"), c);
            }
        }
    }

    @Test
    void aBatchKeepsWhatFitsAndReportsTheRest() {
        DataPullSocket s = auto(new StateLimits(3, 10, 65_507, Double.NaN));
        Map<String, Object> batch = new LinkedHashMap<>();
        batch.put("a", 1);
        batch.put("much-too-long", 2);
        batch.put("b", 3);
        batch.put("c", 4);
        batch.put("d", 5);
        List<Refusal> refused = s.setBatchNow(batch);
        assertEquals(List.of("a", "b", "c"), s.codenames());
        assertEquals(List.of(Refusal.Reason.CODENAME_TOO_LONG, Refusal.Reason.TOO_MANY_CODENAMES),
                refused.stream().map(Refusal::reason).toList());
        assertEquals("The codename 'd' is new and 3 codenames are kept already (the most allowed)",
                refused.get(1).message());
        assertTrue(s.setPointNow("a", 7).isEmpty(), "a known codename is updated when the table is full");
    }

    @Test
    void aValueTooBigForTheRepliesIsRefusedAndTheOldPointStays() {
        DataPullSocket s = DataPullSocket.builder("s", List.of("t")).port(0).clock(clock)
                .meterRegistry(new SimpleMeterRegistry()).limits(new StateLimits(10, 255, 1000, Double.NaN)).build();
        s.setPointNow("t", "small");
        PyTuple before = s.point("t");
        Refusal r = s.setPointNow("t", "y".repeat(2000)).get(0);
        assertEquals(Refusal.Reason.STATE_FULL, r.reason());
        assertTrue(r.message().startsWith("Setting 't' would make a reply of "), r.message());
        assertEquals(before, s.point("t"));
        assertTrue(largest(s) <= 1000);
    }

    @Test
    void configuredCodenamesThatCannotFitAreAConstructionError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DataPullSocket.builder("s", List.of("a", "b", "c")).port(0)
                        .limits(new StateLimits(2, 255, 65_507, Double.NaN)).build());
        assertTrue(e.getMessage().contains("the limits are 2 codenames"), e.getMessage());
    }

    /** The counts are exact: every reply the state can give is at most its count, equal when nothing is stale. */
    @Test
    void runningCountsEqualTheRealReplies() {
        Random rnd = new Random(42);
        String[] alphabet = {"a", "Z", "é", "€", "😀", "\"", "\\", "\n", "x", "7"};
        for (int round = 0; round < 30; round++) {
            DataPullSocket s = auto(new StateLimits(1000, 64, 65_507, Double.NaN));
            // unregistered extras too (Python's rule for a socket without auto codenames)
            DataPullSocket fixed = DataPullSocket.builder("f", List.of("k")).port(0).clock(clock)
                    .meterRegistry(new SimpleMeterRegistry()).timeout(5.0).build();
            for (int i = 0; i < 40; i++) {
                StringBuilder cn = new StringBuilder();
                for (int k = 1 + rnd.nextInt(6); k > 0; k--) {
                    cn.append(alphabet[rnd.nextInt(alphabet.length)]);
                }
                Object y = switch (rnd.nextInt(10)) {
                    case 0 -> rnd.nextDouble() * 1e6;
                    case 1 -> (long) rnd.nextInt();
                    case 2 -> cn.toString() + "ü";
                    case 3 -> List.of(1, List.of("x", 2.5));
                    // numbers in every notation, and the non-finite ones (raw "nan" and JSON "NaN" differ)
                    case 4 -> -rnd.nextDouble() * Math.pow(10, rnd.nextInt(-30, 30));
                    case 5 -> rnd.nextInt();
                    case 6 -> new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
                            -0.0, 1e16, 1e-5, Double.MIN_VALUE, Double.MAX_VALUE}[rnd.nextInt(8)];
                    case 7 -> List.of(rnd.nextDouble(), rnd.nextDouble(), 3); // a point of three
                    case 8 -> true;
                    default -> null;
                };
                s.setPointNow(cn.toString(), y);
                fixed.setPointNow(rnd.nextBoolean() ? "k" : cn.toString(), y);
            }
            for (PullSocket p : List.of(s, fixed)) {
                ReplySizes t = p.current().totals;
                assertEquals(t.codenamesRaw(), replyBytes(p, "codenames_raw"));
                assertEquals(t.codenamesJson(), replyBytes(p, "codenames_json"));
                assertEquals(t.jsonWithNames(), replyBytes(p, "json_wn"));
                assertTrue(t.raw() >= replyBytes(p, "raw"));
                assertTrue(t.rawWithNames() >= replyBytes(p, "raw_wn"));
                assertTrue(t.json() >= replyBytes(p, "json"));
                assertEquals(t.largest(), p.largestReplyBytes());
            }
            clock.advance(10); // k goes stale: OLD_DATA is counted as its worst case
            assertTrue(fixed.largestReplyBytes() >= largest(fixed));
        }
    }

    /**
     * The door check's shortcut ({@link PullState#acceptsAll}) never accepts what building the state would
     * refuse, and is taken in the common case: random states near small byte bounds, known and new codenames,
     * numbers of every length (the longest repr is 24 characters), non-finite numbers and strings.
     */
    @Test
    void theDoorShortcutAcceptsOnlyWhatTheFullCheckAccepts() {
        Random rnd = new Random(7);
        int shortcuts = 0;
        int refused = 0;
        for (int round = 0; round < 2000; round++) {
            DataPullSocket s = auto(new StateLimits(6, 8, 60 + rnd.nextInt(300), Double.NaN));
            for (int i = 0; i < 6; i++) {
                s.setPointNow("c" + rnd.nextInt(8), rnd.nextInt(4) == 0 ? "text" : number(rnd));
            }
            Map<String, PyTuple> points = new LinkedHashMap<>();
            for (int i = 1 + rnd.nextInt(3); i > 0; i--) {
                points.put("c" + rnd.nextInt(8), PyTuple.of(number(rnd), rnd.nextInt(10) == 0 ? "text" : number(rnd)));
            }
            PullState state = s.current();
            boolean shortcut = state.acceptsAll(points);
            List<Refusal> full = state.with(points, 1.0, true, Double.NaN).refused();
            if (shortcut) {
                shortcuts++;
                assertEquals(List.of(), full, "the shortcut accepted " + points);
            }
            refused += full.isEmpty() ? 0 : 1;
        }
        assertTrue(shortcuts > 100, "shortcut taken " + shortcuts + " times");
        assertTrue(refused > 200, "full check refused " + refused + " times");
    }

    /** The bound is tight where it matters: both numbers at the longest repr fill the state to the byte. */
    @Test
    void theDoorShortcutsBoundIsTheLongestPoint() {
        double longest = -2.2250738585072014e-308;
        DataPullSocket probe = auto(StateLimits.DEFAULT);
        probe.setPointNow("a", 1.0);
        Map<String, PyTuple> worst = Map.of("a", PyTuple.of(longest, longest));
        PullState before = probe.current();
        long full = before.with(worst, 1.0, true, Double.NaN).state().totals.largest();
        assertEquals(before.totals.largest() + ReplySizes.MAX_NUMBER_POINT_JSON - before.sizes[0].jsonPoint(), full);
        for (long limit : new long[] {full, full - 1}) {
            DataPullSocket s = auto(new StateLimits(10, 8, (int) limit, Double.NaN));
            s.setPointNow("a", 1.0);
            assertEquals(limit == full, s.current().acceptsAll(worst));
            assertEquals(limit == full, s.current().with(worst, 1.0, true, Double.NaN).refused().isEmpty());
        }
    }

    private static Object number(Random rnd) {
        return switch (rnd.nextInt(6)) {
            case 0 -> -2.2250738585072014e-308;
            case 1 -> Long.MIN_VALUE;
            case 2 -> (rnd.nextBoolean() ? -1 : 1) * rnd.nextDouble() * Math.pow(10, rnd.nextInt(-320, 300));
            case 3 -> rnd.nextInt();
            case 4 -> Double.NaN;
            default -> 1_700_000_000.0 + rnd.nextDouble();
        };
    }

    @Test
    void codenamesNotUpdatedForTheExpiryAreDroppedAndFreeTheirSlots() {
        DataPullSocket s = DataPullSocket.builder("s", List.of("fixed")).port(0).clock(clock)
                .meterRegistry(new SimpleMeterRegistry()).autoCodenames(true)
                .limits(new StateLimits(3, 255, 65_507, 600.0)).build();
        s.setPointNow("a", 1);
        clock.advance(300);
        s.setPointNow("b", 2);
        assertEquals(Refusal.Reason.TOO_MANY_CODENAMES, s.setPointNow("c", 3).get(0).reason());
        clock.advance(301); // a: 601 s old, b: 301 s
        assertEquals("fixed,b", new String(s.reply("codenames_raw"), StandardCharsets.UTF_8));
        assertEquals(1, s.expiredCodenames());
        assertTrue(s.setPointNow("c", 3).isEmpty(), "a's slot is free again");
        clock.advance(1000);
        assertEquals(List.of("fixed"), s.codenames(), "configured codenames never expire");
        assertEquals(3, s.expiredCodenames());
    }

    @Test
    void utf8LengthMatchesTheEncoder() {
        List<String> samples = new ArrayList<>(List.of("", "abc", "é", "€", "😀", "\ud800", "a\udc00b", "😀\ud83d"));
        for (String s : samples) {
            assertEquals(s.getBytes(StandardCharsets.UTF_8).length, ReplySizes.utf8Length(s), s);
        }
    }
}
