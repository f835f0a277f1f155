package org.labbridge.it;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Hostile clients of a bridge server: connections that each write a burst of {@link HostileInput#frame}s
 * (now and then a frame past 1 MiB, or a last frame without delimiter followed by EOF), and slowloris
 * connections that trickle one byte every 250 ms and never read what the server fans out to them.
 */
final class HostileBridgePeers implements AutoCloseable {
    private final int port;
    private final Random random;
    private final AtomicLong frames = new AtomicLong();
    private final AtomicLong connections = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final List<Socket> slowloris = new ArrayList<>();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();

    HostileBridgePeers(int port, long seed) {
        this.port = port;
        this.random = new Random(seed);
    }

    /** Opens {@code n} slowloris connections, each sending one byte of an endless JSON string every 250 ms. */
    void startSlowloris(int n) throws IOException {
        for (int i = 0; i < n; i++) {
            Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
            s.getOutputStream().write("{\"slow\": \"".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            slowloris.add(s);
        }
        ticker.scheduleAtFixedRate(() -> {
            for (Socket s : slowloris) {
                try {
                    s.getOutputStream().write('s');
                } catch (IOException closedByServer) {
                    // the server may close a peer it judges hostile: fine
                }
            }
        }, 250, 250, TimeUnit.MILLISECONDS);
    }

    /**
     * Writes at least {@code n} hostile frames over connections of 5-30 frames each, spread over
     * {@code durationMillis}, from 4 threads. A connection the server closes ends its burst early.
     */
    void send(long n, long durationMillis) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        long start = System.nanoTime();
        List<Future<?>> running = new ArrayList<>();
        while (frames.get() < n) {
            int burst = 5 + random.nextInt(26);
            long seed = random.nextLong();
            running.add(pool.submit(() -> burst(new Random(seed), burst)));
            running.removeIf(Future::isDone);
            while (running.size() >= 8) {
                Thread.sleep(5); // back-pressure: at most 8 bursts queued
                running.removeIf(Future::isDone);
            }
            // pace the bursts over the duration so the frames meet the datagrams, not only precede them
            long due = start + (long) (durationMillis * 1e6 * frames.get() / n);
            long ahead = due - System.nanoTime();
            if (ahead > 0) {
                TimeUnit.NANOSECONDS.sleep(ahead);
            }
        }
        pool.shutdown();
        if (!pool.awaitTermination(60, TimeUnit.SECONDS)) {
            pool.shutdownNow();
            throw new AssertionError("hostile bridge bursts did not finish within 60 s");
        }
    }

    private void burst(Random r, int n) {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            connections.incrementAndGet();
            s.setSoLinger(true, 0);
            // a server that stops reading must not hang this thread: close the socket after 10 s
            var watchdog = ticker.schedule(() -> closeQuietly(s), 10, TimeUnit.SECONDS);
            OutputStream out = s.getOutputStream();
            for (int i = 0; i < n; i++) {
                byte[] frame = r.nextInt(60) == 0 ? HostileInput.oversizeFrame(r) : HostileInput.frame(r);
                if (i == n - 1 && r.nextInt(5) == 0 && frame[frame.length - 1] == 0x17) {
                    frame = java.util.Arrays.copyOf(frame, frame.length - 1); // no delimiter, then EOF
                }
                out.write(frame);
                frames.incrementAndGet();
            }
            out.flush();
            s.shutdownOutput();
            watchdog.cancel(false);
        } catch (IOException e) {
            refused.incrementAndGet(); // closed by the server (oversize, cap) or by the watchdog
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    long frames() {
        return frames.get();
    }

    long connections() {
        return connections.get();
    }

    /** Bursts that ended in an I/O error (the server closed the connection first). */
    long cutShort() {
        return refused.get();
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        slowloris.forEach(HostileBridgePeers::closeQuietly);
    }
}
