package org.labbridge.netdata;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.labbridge.codec.plugind.NetdataVersion;
import org.labbridge.codec.plugind.PluginsdWriter;
import org.labbridge.codec.python.JsonLimits;
import org.labbridge.codec.python.JsonWnReader;
import org.labbridge.codec.python.PyJson;
import org.labbridge.config.HostPort;

/**
 * The plugin writes the same bytes whether a pull job's readings come from {@code PyJson.loads} (what
 * {@code PullClient.jsonWn} returns) or from the {@link JsonWnReader} that {@code PullSource} polls with (x of a
 * point left unconverted, keys reused, PyJson for the unusual replies): the same generated replies, tick after
 * tick, through two collectors with a fixed-divisor job and an automatically scaled one.
 */
class LazyTimesOutputTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-06T05:00:00Z"), ZoneOffset.UTC);

    @Test
    void theOutputIsByteForByteTheSame() throws Exception {
        FakeSource[] old = {new FakeSource(), new FakeSource()};
        FakeSource[] lazy = {new FakeSource(), new FakeSource()};
        JsonWnReader[] readers = {new JsonWnReader(JsonLimits.DEFAULT), new JsonWnReader(JsonLimits.DEFAULT)};
        Random random = new Random(15);
        int fast = 0;
        int ticks = 300;
        try (Collector before = collector(old); Collector after = collector(lazy)) {
            for (int tick = 0; tick < ticks; tick++) {
                for (int j = 0; j < 2; j++) {
                    byte[] reply = PyJson.dumps(reply(random, tick)).getBytes(StandardCharsets.US_ASCII);
                    old[j].values = loads(reply);
                    Map<String, Object> read = readers[j].read(reply, 0, reply.length);
                    fast += read == null ? 0 : 1;
                    lazy[j].values = read != null ? read : loads(reply);
                }
                long now = 1_000_000L * (tick + 1);
                byte[] expected = before.tickUtf8(now);
                byte[] actual = after.tickUtf8(now);
                assertArrayEquals(expected, actual, "tick " + tick + ":\n" + new String(expected, StandardCharsets.UTF_8));
            }
        }
        assertTrue(fast > ticks, "most replies took the reader's way: " + fast + " of " + 2 * ticks);
    }

    private static Collector collector(FakeSource[] sources) {
        Collector c = new Collector(1, new PluginsdWriter(NetdataVersion.BASELINE), cfg -> sources[cfg.name().equals("fixed") ? 0 : 1],
                CLOCK);
        c.add(new JobConfig("fixed", SourceKind.PULL, new HostPort("127.0.0.1", 9000), 1, Duration.ofMillis(500),
                Duration.ofSeconds(5), 1000, "value", List.of()));
        c.add(new JobConfig("scaled", SourceKind.PULL, new HostPort("127.0.0.1", 9001), 1, Duration.ofMillis(500),
                Duration.ofSeconds(5), JobConfig.AUTO_SCALE, "value", List.of(), Map.of(), null));
        return c;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> loads(byte[] reply) throws Exception {
        return (Map<String, Object>) PyJson.loads(new String(reply, StandardCharsets.US_ASCII));
    }

    /** A json_wn reply: ~60 codenames, some missing or new now and then, readings of every kind. */
    private static Map<String, Object> reply(Random random, int tick) {
        Map<String, Object> m = new LinkedHashMap<>();
        double now = 1.7334612e9 + tick + random.nextInt(1_000_000) / 1e6;
        int codenames = 40 + tick / 10;
        for (int i = 0; i < codenames; i++) {
            if (random.nextInt(50) == 0) {
                continue; // a gap
            }
            String name = i % 17 == 16 && tick % 10 == 9 ? "caf\u00e9 " + i : "cn" + i; // escaped by json.dumps
            m.put(name, random.nextInt(30) == 0 ? "OLD_DATA" : new ArrayList<>(List.of(now, y(random, i, tick))));
        }
        if (random.nextInt(20) == 0) {
            m.put("nested", List.of(now, List.of(1, 2)));
        }
        return m;
    }

    private static Object y(Random random, int i, int tick) {
        return switch (random.nextInt(40)) {
            case 0 -> Double.NaN;
            case 1 -> Double.POSITIVE_INFINITY;
            case 2 -> random.nextInt();
            case 3 -> random.nextLong() >> random.nextInt(64); // now and then a long integer: PyJson's
            case 4 -> Double.longBitsToDouble(random.nextLong());
            case 5 -> random.nextBoolean();
            case 6 -> random.nextDouble() * Math.pow(10, random.nextInt(40) - 20);
            case 7 -> -0.0;
            case 8 -> "text";
            default -> Math.round(Math.sin(tick / 10.0 + i) * Math.pow(10, i % 9)) / 1000.0; // the bench's readings, scaled
        };
    }
}
