package org.labbridge.sockets;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock the test moves by hand. */
final class TestClock extends Clock {
    private volatile Instant now;

    TestClock(double epochSeconds) {
        set(epochSeconds);
    }

    void set(double epochSeconds) {
        long s = (long) Math.floor(epochSeconds);
        now = Instant.ofEpochSecond(s, Math.round((epochSeconds - s) * 1e9));
    }

    void advance(double seconds) {
        now = now.plusNanos(Math.round(seconds * 1e9));
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return now;
    }
}
