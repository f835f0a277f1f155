package org.labbridge.spool;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Moves a spool's records, in order, to an {@link Outlet} (a bridge client's connection, an MQTT
 * publisher) on a thread of its own, and commits each record once the outlet reports it delivered. At most
 * a window of records (count and bytes) is handed over and not yet reported, so the outlet's own queue,
 * if it is at least as large, never has to drop one.
 *
 * <p>A record is committed (it will not be read again) only after the outlet said it was delivered: what
 * was handed over and not yet reported when the process dies is sent again after the restart.
 */
public final class SpoolForwarder implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SpoolForwarder.class);

    private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long ERROR_PARK_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final int READ_BATCH = 512;

    /** Where records go. Both methods are called on the forwarder's thread. */
    public interface Outlet {
        /** Whether records should be handed over now (e.g. connected); polled, and re-checked on {@link #wake}. */
        boolean ready();

        /**
         * Takes one record; later reports it with {@link SpoolForwarder#delivered}, counting records in the
         * order they were taken. False when it can never send it (e.g. too large): it is then skipped.
         */
        boolean send(SpoolRecord record);
    }

    /** A record handed over, or skipped, and not yet committed. */
    private record InFlight(long seq, int bytes, boolean handedOver) {
    }

    private final Spool spool;
    private final Outlet outlet;
    private final int windowRecords;
    private final long windowBytes;
    private final Thread thread;
    private final AtomicLong reported = new AtomicLong();
    /** Forwarder thread only (and close(), after the thread ended). */
    private final ArrayDeque<InFlight> inFlight = new ArrayDeque<>();
    private long inFlightBytes;
    private long accounted;
    private volatile boolean running = true;
    private long errorsLogged;

    /**
     * @param windowRecords records handed over and not yet reported delivered, at most
     * @param windowBytes   their payload bytes, at most (one record is always allowed)
     */
    public SpoolForwarder(Spool spool, Outlet outlet, int windowRecords, long windowBytes) {
        if (windowRecords < 1 || windowBytes < 1) {
            throw new IllegalArgumentException("window bounds must be positive");
        }
        this.spool = spool;
        this.outlet = outlet;
        this.windowRecords = windowRecords;
        this.windowBytes = windowBytes;
        this.thread = new Thread(this::run, "labbridge-spool-" + spool.name() + "-forwarder");
        thread.setDaemon(true);
        spool.onWritten(this::wake);
    }

    public SpoolForwarder start() {
        thread.start();
        return this;
    }

    /** The outlet delivered {@code records} more of the records it took. Any thread; never blocks. */
    public void delivered(int records) {
        reported.addAndGet(records);
        wake();
    }

    /** Something changed (the outlet became ready, records were written): look again. Never blocks. */
    public void wake() {
        LockSupport.unpark(thread);
    }

    /** Records handed over and not yet reported delivered. */
    public int inFlight() {
        return inFlight.size(); // racy read for meters and tests only
    }

    private void run() {
        while (running) {
            commitDelivered();
            if (inFlight.size() < windowRecords && inFlightBytes < windowBytes && spool.unreadRecords() > 0
                    && outlet.ready()) {
                try {
                    forward();
                    continue;
                } catch (IOException | RuntimeException e) {
                    if (errorsLogged++ % 100 == 0) {
                        log.warn("spool {}: cannot read: {}", spool.name(), e.toString());
                    }
                    LockSupport.parkNanos(this, ERROR_PARK_NANOS);
                    continue;
                }
            }
            LockSupport.parkNanos(this, IDLE_PARK_NANOS); // woken early by wake()
        }
    }

    private void forward() throws IOException {
        int n = Math.min(READ_BATCH, windowRecords - inFlight.size());
        List<SpoolRecord> records = spool.read(n, windowBytes - inFlightBytes);
        for (SpoolRecord r : records) {
            boolean taken = outlet.send(r);
            if (!taken) {
                spool.meters().droppedUndeliverable.increment();
                log.warn("spool {}: record {} of {} bytes cannot be sent; skipped", spool.name(), r.seq(),
                        r.payload().length);
            }
            inFlight.add(new InFlight(r.seq(), r.payload().length, taken));
            inFlightBytes += r.payload().length;
        }
    }

    /** Commits, in order, the records the outlet reported and the skipped ones between them. */
    private void commitDelivered() {
        long credit = reported.get() - accounted;
        long last = -1;
        long delivered = 0;
        InFlight head;
        while ((head = inFlight.peek()) != null && (!head.handedOver || credit > 0)) {
            inFlight.poll();
            inFlightBytes -= head.bytes;
            if (head.handedOver) {
                credit--;
                accounted++;
                delivered++;
            }
            last = head.seq;
        }
        if (last >= 0) {
            spool.commit(last, delivered);
        }
    }

    /**
     * Stops handing records over and commits what was reported delivered so far (call it after the outlet
     * flushed and reported what it could). Records handed over and not reported are read again next time.
     */
    @Override
    public void close() {
        running = false;
        wake();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!thread.isAlive()) {
            commitDelivered();
        }
    }
}
