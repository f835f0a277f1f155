package org.labbridge.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RateLimitedLoggerTest {

    private enum Reason { BAD_REQUEST, OVERSIZE }

    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private Logger logback;
    private RateLimitedLogger limited;

    @BeforeEach
    void attach() {
        logback = (Logger) LoggerFactory.getLogger("test.ratelimited." + System.nanoTime());
        logback.setAdditive(false);
        logback.setLevel(Level.INFO);
        lines.start();
        logback.addAppender(lines);
        limited = new RateLimitedLogger(logback, Duration.ofSeconds(60), clock::get, 4);
    }

    @AfterEach
    void detach() {
        logback.detachAppender(lines);
    }

    private void advance(Duration by) {
        clock.addAndGet(by.toNanos());
    }

    private List<String> messages() {
        return lines.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void oneLinePerCausePerIntervalThenOneSummary() {
        for (int i = 0; i < 4_212; i++) {
            limited.warn(Reason.BAD_REQUEST, "bad request #{}", i);
            advance(Duration.ofMillis(10)); // 4,212 events over 42 s: one window
        }
        assertEquals(List.of("bad request #0"), messages());
        assertEquals(4_211, limited.suppressed(Reason.BAD_REQUEST));

        advance(Duration.ofSeconds(18)); // the window of the first line is over
        limited.warn(Reason.BAD_REQUEST, "bad request #{}", "next");

        assertEquals(List.of("bad request #0", "BAD_REQUEST: … 4,211 more like this in the last 60 s",
                "bad request #next"), messages());
        assertEquals(ch.qos.logback.classic.Level.WARN, lines.list.get(1).getLevel());
    }

    @Test
    void causesAreLimitedIndependently() {
        for (int i = 0; i < 100; i++) {
            limited.warn(Reason.BAD_REQUEST, "bad request");
            limited.warn(Reason.OVERSIZE, "oversize {} bytes", 70_000);
        }
        assertEquals(List.of("bad request", "oversize 70000 bytes"), messages());
    }

    @Test
    void aSingleEventWritesNoSummary() {
        limited.warn(Reason.BAD_REQUEST, "once");
        advance(Duration.ofMinutes(5));
        limited.flush();
        limited.warn(Reason.BAD_REQUEST, "twice");
        assertEquals(List.of("once", "twice"), messages());
    }

    @Test
    void flushSummarisesABurstThatStopped() {
        for (int i = 0; i < 10; i++) {
            limited.warn(Reason.OVERSIZE, "oversize");
        }
        limited.flush(); // interval not over yet: nothing
        assertEquals(List.of("oversize"), messages());

        advance(Duration.ofSeconds(61));
        RateLimitedLogger.flushAll();
        assertEquals(List.of("oversize", "OVERSIZE: … 9 more like this in the last 61 s"), messages());

        limited.flush(); // already summarised
        limited.warn(Reason.OVERSIZE, "oversize again"); // the window closed with the summary: logged at once
        assertEquals(3, messages().size());
        assertEquals("oversize again", messages().get(2));
    }

    @Test
    void aCauseThatKeepsFiringIsWrittenLessAndLessOften() {
        // one event a second for an hour, with the daemon's flush every 10 s
        List<Long> lineSeconds = new java.util.ArrayList<>();
        for (int t = 0; t < 3600; t++) {
            int before = lines.list.size();
            limited.warn(Reason.BAD_REQUEST, "bad request");
            if (t % 10 == 0) {
                limited.flush();
            }
            for (int i = before; i < lines.list.size(); i++) {
                if (lines.list.get(i).getFormattedMessage().equals("bad request")) {
                    lineSeconds.add((long) t);
                }
            }
            advance(Duration.ofSeconds(1));
        }
        // windows of 60, 120, 240, 480, 960, 1920 s: lines at 0, 60, 180, 420, 900, 1860 (then 3780)
        assertEquals(List.of(0L, 60L, 180L, 420L, 900L, 1860L), lineSeconds, messages().toString());
        assertTrue(messages().size() <= 12, "an hour's storm, lines and summaries: " + messages());
    }

    @Test
    void aQuietWindowBringsTheIntervalBack() {
        for (int t = 0; t < 400; t++) { // a storm: the window grows to 240 s
            limited.warn(Reason.OVERSIZE, "oversize");
            advance(Duration.ofSeconds(1));
        }
        for (int t = 0; t < 120; t++) { // quiet for longer than any window, the daemon flushing every 10 s
            limited.flush();
            advance(Duration.ofSeconds(10));
        }
        lines.list.clear();
        for (int t = 0; t <= 60; t++) {
            limited.warn(Reason.OVERSIZE, "oversize");
            advance(Duration.ofSeconds(1));
        }
        assertEquals(List.of("oversize", "OVERSIZE: … 59 more like this in the last 60 s", "oversize"), messages(),
                "back to one line a minute");
    }

    @Test
    void theSummarySaysHowLongTheWindowReallyWas() {
        limited.warn(Reason.OVERSIZE, "first");
        limited.warn(Reason.OVERSIZE, "suppressed");
        advance(Duration.ofSeconds(300));
        limited.warn(Reason.OVERSIZE, "later");
        assertEquals("OVERSIZE: … 1 more like this in the last 300 s", messages().get(1));
    }

    @Test
    void causesBeyondTheBoundShareOneOverflowCause() {
        for (int i = 0; i < 1_000; i++) {
            limited.warn("cause " + i, "line {}", i);
        }
        // 4 causes of their own, then one line for all the others
        assertEquals(List.of("line 0", "line 1", "line 2", "line 3", "line 4"), messages());
        assertEquals(0, limited.suppressed("cause 500"));
        advance(Duration.ofSeconds(60));
        limited.flush();
        assertEquals("other causes: … 995 more like this in the last 60 s", messages().get(5));
    }

    @Test
    void disabledLevelsCostNothingAndCountNothing() {
        logback.setLevel(Level.ERROR);
        limited.warn(Reason.OVERSIZE, "hidden");
        assertTrue(messages().isEmpty());
        assertEquals(0, limited.suppressed(Reason.OVERSIZE));
    }

    @Test
    void expectedFailuresHaveNoStackTraceUnlessDebug() {
        IOException failure = new IOException("Connection reset by peer");
        limited.warnExpected(Reason.BAD_REQUEST, failure, "{}: read failed", "peer");
        assertEquals(List.of("peer: read failed: java.io.IOException: Connection reset by peer"), messages());
        assertNull(lines.list.get(0).getThrowableProxy());

        logback.setLevel(Level.DEBUG);
        advance(Duration.ofSeconds(60));
        limited.warnExpected(Reason.BAD_REQUEST, failure, "{}: read failed", "peer");
        ILoggingEvent trace = lines.list.get(lines.list.size() - 1);
        assertEquals(Level.DEBUG, trace.getLevel());
        assertNotNull(trace.getThrowableProxy());
    }

    @Test
    void unexpectedFailuresKeepTheirStackTrace() {
        limited.error(Reason.BAD_REQUEST, "callback of {} failed", "node", new IllegalStateException("bug"));
        assertEquals("callback of node failed", messages().get(0));
        assertNotNull(lines.list.get(0).getThrowableProxy());
    }

    @Test
    void permitsGuardsExpensiveLines() {
        assertTrue(limited.permits(org.slf4j.event.Level.WARN, Reason.OVERSIZE));
        assertFalse(limited.permits(org.slf4j.event.Level.WARN, Reason.OVERSIZE));
        assertEquals(1, limited.suppressed(Reason.OVERSIZE));
    }

    @Test
    void concurrentEventsWriteOneLineAndCountEveryOtherOne() throws InterruptedException {
        int threads = 4;
        int perThread = 50_000;
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        limited.warn(Reason.OVERSIZE, "oversize");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    done.countDown();
                }
            });
            thread.start();
        }
        start.countDown();
        assertTrue(done.await(30, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(List.of("oversize"), messages());
        advance(Duration.ofSeconds(60));
        limited.flush();
        assertEquals("OVERSIZE: … 199,999 more like this in the last 60 s", messages().get(1));
    }
}
