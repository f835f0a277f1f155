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
