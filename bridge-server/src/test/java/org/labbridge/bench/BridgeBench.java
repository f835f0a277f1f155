package org.labbridge.bench;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.labbridge.bridge.BridgeServer;
import org.labbridge.client.bridge.OverflowPolicy;
import org.labbridge.transport.Transport;

import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;

/**
 * Benchmark main (not a test) for the bridge server, driven by the C load generators of loopback-bench
 * (see {@code bench/bridge-bench.sh} at the repository root, which runs it next to the C baselines).
 *
 * <pre>
 *   BridgeBench relay  UP_PORT DOWN_PORT SECONDS   # producer -> server UP -> (sink publishes) -> server DOWN -> N subscribers
 *   BridgeBench ingest PORT SECONDS                # producer(s) -> server, JSON validated, counted
 * </pre>
 *
 * Every received message is validated (strict UTF-8 + JSON) and, in relay mode, forwarded with its wire
 * bytes. Prints one line per second and a summary with messages/s and MB/s; ends after SECONDS, or once
 * {@code -Dbench.producers} (default 1) producer connections have come and gone (the script runs a warm-up
 * producer before the measured one).
 */
public final class BridgeBench {

    private static final int PRODUCERS = Integer.getInteger("bench.producers", 1);

    private BridgeBench() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        int threads = Integer.getInteger("bench.threads", 2);
        try (Transport transport = Transport.create("bench", threads, true)) {
            MeterRegistry meters = new SimpleMeterRegistry();
            LongAdder sunk = new LongAdder();
            if (mode.equals("relay")) {
                int up = Integer.parseInt(args[1]);
                int down = Integer.parseInt(args[2]);
                int seconds = Integer.parseInt(args[3]);
                BridgeServer downstream = BridgeServer.builder().transport(transport).name("down").port(down)
                        .meterRegistry(meters).slowClientPolicy(OverflowPolicy.DROP_OLDEST)
                        .maxPending(1_000_000, 64L << 20).build().start();
                BridgeServer upstream = BridgeServer.builder().transport(transport).name("up").port(up)
                        .meterRegistry(meters).sink(downstream::publish).build().start();
                System.out.println("READY");
                run(meters, seconds, "down");
                upstream.close();
                downstream.close();
            } else if (mode.equals("ingest")) {
                int port = Integer.parseInt(args[1]);
                int seconds = Integer.parseInt(args[2]);
                BridgeServer server = BridgeServer.builder().transport(transport).name("in").port(port)
                        .meterRegistry(meters).sink(m -> sunk.increment()).build().start();
                System.out.println("READY");
                run(meters, seconds, "in");
                server.close();
            } else {
                throw new IllegalArgumentException("mode: relay or ingest");
            }
        }
    }

    private static double sum(MeterRegistry meters, String name, String bridge) {
        return Search.in(meters).name(name).tag("bridge", bridge).counters().stream()
                .mapToDouble(c -> c.count()).sum();
    }

    private static void run(MeterRegistry meters, int seconds, String outBridge) throws InterruptedException {
        String inBridge = outBridge.equals("down") ? "up" : outBridge;
        double lastIn = 0;
        double lastOut = 0;
        double firstIn = -1;
        double firstOut = 0;
        long firstT = 0;
        long t0 = System.nanoTime();
        double peakIn = 0;
        double peakOut = 0;
        for (int s = 1; s <= seconds; s++) {
            Thread.sleep(Math.max(0, t0 + s * 1_000_000_000L - System.nanoTime()) / 1_000_000);
            double in = sum(meters, "labbridge.bridge.messages.received", inBridge);
            double out = sum(meters, "labbridge.bridge.messages.sent", outBridge);
            if (firstIn < 0 && in > 0) {
                firstIn = in;
                firstOut = out;
                firstT = System.nanoTime();
            }
            peakIn = Math.max(peakIn, in - lastIn);
            peakOut = Math.max(peakOut, out - lastOut);
            System.out.printf(Locale.ROOT, "t=%ds in=%.0f/s out=%.0f/s%n", s, in - lastIn, out - lastOut);
            lastIn = in;
            lastOut = out;
            if (firstIn >= 0 && in == lastIn && s > 2 && in - firstIn > 0 && out == lastOut && in > 0
                    && sum(meters, "labbridge.bridge.connections.closed", inBridge) >= PRODUCERS) {
                break; // the producer finished
            }
        }
        double in = sum(meters, "labbridge.bridge.messages.received", inBridge);
        double out = sum(meters, "labbridge.bridge.messages.sent", outBridge);
        double bytesIn = sum(meters, "labbridge.bridge.bytes.received", inBridge);
        double drops = sum(meters, "labbridge.bridge.dropped.sent", outBridge);
        double badIn = sum(meters, "labbridge.bridge.dropped.received", inBridge);
        System.out.printf(Locale.ROOT, "bridge %s: received=%.0f (%.1f MB) sent=%.0f dropped_out=%.0f dropped_in=%.0f "
                        + "peak_in=%.0f/s peak_out=%.0f/s%n", outBridge.equals("down") ? "relay" : "ingest",
                in, bytesIn / 1e6, out, drops, badIn, peakIn, peakOut);
    }
}
