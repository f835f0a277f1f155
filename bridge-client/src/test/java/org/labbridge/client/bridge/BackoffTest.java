package org.labbridge.client.bridge;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BackoffTest {

    @Test
    void parsesTheSpecString() {
        Backoff b = Backoff.parse("exponential=200ms:30s,multiplier=3,jitter=0.1");
        assertEquals(new Backoff(Duration.ofMillis(200), Duration.ofSeconds(30), 3.0, 0.1), b);
        assertEquals(b, Backoff.parse(b.toString()));
        assertEquals(Duration.ofMillis(1500), Backoff.parseDuration("1.5s"));
        assertEquals(Duration.ofMinutes(2), Backoff.parseDuration("PT2M"));
        assertThrows(IllegalArgumentException.class, () -> Backoff.parse("exponential=1s:100ms"));
        assertThrows(IllegalArgumentException.class, () -> Backoff.parse("jitter=2"));
        assertThrows(IllegalArgumentException.class, () -> Backoff.parse("linear=1s"));
    }

    @Test
    void growsExponentiallyUpToTheMaxWithJitter() {
        Backoff b = Backoff.parse("exponential=100ms:1s,multiplier=2,jitter=0.5");
        assertEquals(Duration.ofMillis(100), b.delay(0, 0.5)); // random 0.5 = no jitter
        assertEquals(Duration.ofMillis(400), b.delay(2, 0.5));
        assertEquals(Duration.ofMillis(50), b.delay(0, 0.0)); // -50 %
        assertEquals(Duration.ofMillis(150), b.delay(0, 1.0)); // +50 %
        // at the cap the spread lies below max: [500 ms, 1 s]
        assertEquals(Duration.ofMillis(750), b.delay(10, 0.5));
        assertEquals(Duration.ofMillis(500), b.delay(10, 0.0));
        assertEquals(Duration.ofSeconds(1), b.delay(10, 1.0));
        assertEquals(Duration.ofMillis(750), b.delay(Integer.MAX_VALUE, 0.5));
        // just below the cap (800 ms): [400 ms, 1 s], the upper end limited to max
        assertEquals(Duration.ofMillis(400), b.delay(3, 0.0));
        assertEquals(Duration.ofSeconds(1), b.delay(3, 1.0));
    }

    @Test
    void jitterStillSpreadsDelaysAtTheCap() {
        // Jitter applied and then capped made half of the delays at the cap exactly max: clients cut off
        // together would reconnect in lockstep.
        Backoff b = Backoff.parse("exponential=100ms:10s,multiplier=2,jitter=0.2");
        java.util.Set<Duration> distinct = new java.util.HashSet<>();
        int atMax = 0;
        for (int i = 0; i < 1_000; i++) {
            Duration d = b.delay(50);
            assertTrue(d.compareTo(Duration.ofSeconds(8)) >= 0 && d.compareTo(Duration.ofSeconds(10)) <= 0, d::toString);
            distinct.add(d);
            atMax += d.equals(Duration.ofSeconds(10)) ? 1 : 0;
        }
        assertTrue(atMax < 10, atMax + " of 1,000 delays were exactly max");
        assertTrue(distinct.size() > 900, "only " + distinct.size() + " distinct delays");
    }
}
