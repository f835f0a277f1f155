package org.labbridge.client.bridge;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
        assertEquals(Duration.ofSeconds(1), b.delay(10, 0.5));
        assertEquals(Duration.ofMillis(50), b.delay(0, 0.0)); // -50 %
        assertEquals(Duration.ofSeconds(1), b.delay(10, 0.999)); // capped at max
        assertEquals(Duration.ofSeconds(1), b.delay(Integer.MAX_VALUE, 0.5));
    }
}
