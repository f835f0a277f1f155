package org.labbridge.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.labbridge.bridge.BridgeServer;
import org.labbridge.client.bridge.BridgeClient;
import org.labbridge.client.bridge.OverflowPolicy;
import org.labbridge.testing.TestCertificates;
import org.labbridge.testing.TestCertificates.Issued;
import org.labbridge.tls.ClientAuth;
import org.labbridge.tls.ReloadableSslContext;
import org.labbridge.tls.TlsClientConfig;
import org.labbridge.tls.TlsServerConfig;
import org.labbridge.tls.TlsSettings;
import org.labbridge.transport.Transport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;

/**
 * Benchmark main (not a test): the bridge relay with TLS as a ratio to the same relay in plain TCP, measured
 * alternately in one JVM (run by {@code bench/tls-bench.sh}).
 *
 * <pre>
 *   producer BridgeClient -> server UP -> (sink publishes) -> server DOWN -> consumer BridgeClient
 * </pre>
 *
 * In the TLS round both hops are TLS (mutual authentication, TLS 1.3, the JDK provider), so every message is
 * decrypted and encrypted twice by labbridge (plus once each by the producer and the consumer, all in this
 * JVM: the ratio is a lower bound of what a relay alone pays). Messages are 100-byte JSON objects. Prints
 * messages/s per round and the median of the per-round TLS/plain ratios (each pair measured back to back).
 */
public final class TlsRelayBench {

    private static final String MESSAGE = "{\"codename\": \"temperature_oven_17\", \"value\": 21.523, \"time\": "
            + "1763800000.123456, \"unit\": \"C\", \"ok\":1}";

    private TlsRelayBench() {
    }

    public static void main(String[] args) throws Exception {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 500_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path dir = Files.createTempDirectory("tls-bench");
        TestCertificates certs = TestCertificates.create(dir);
        Issued server = certs.issue("server");
        Issued client = certs.issue("client");
        TlsServerConfig serverTls = new TlsServerConfig(server.cert().toString(), server.key().toString(), null, null,
                certs.ca().toString(), ClientAuth.REQUIRE, TlsSettings.SUPPORTED_PROTOCOLS, Duration.ZERO);
        TlsClientConfig clientTls = new TlsClientConfig(client.cert().toString(), client.key().toString(), null, null,
                certs.ca().toString(), true, true, null, TlsSettings.SUPPORTED_PROTOCOLS, Duration.ZERO);
        System.out.printf(Locale.ROOT, "%d messages of %d bytes per round, %d rounds%n", messages,
                MESSAGE.length(), rounds);
        try (Transport transport = Transport.create("bench", Integer.getInteger("bench.threads", 2), true);
             ReloadableSslContext sTls = ReloadableSslContext.load("server", serverTls);
             ReloadableSslContext cTls = ReloadableSslContext.load("client", clientTls)) {
            relay(transport, null, null, messages / 5); // warm-up of both paths
            relay(transport, sTls, cTls, messages / 5);
            double[] plain = new double[rounds];
            double[] tls = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                plain[r] = relay(transport, null, null, messages);
                tls[r] = relay(transport, sTls, cTls, messages);
                System.out.printf(Locale.ROOT, "round %d: plain %.0f msg/s, tls %.0f msg/s, ratio %.2f%n", r + 1,
                        plain[r], tls[r], tls[r] / plain[r]);
            }
            double[] ratios = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                ratios[r] = tls[r] / plain[r];
            }
            System.out.printf(Locale.ROOT, "median: plain %.0f msg/s, tls %.0f msg/s; tls/plain: %.2f (median of the"
                    + " per-round ratios, min %.2f, max %.2f)%n", median(plain), median(tls), median(ratios),
                    java.util.Arrays.stream(ratios).min().orElse(0), java.util.Arrays.stream(ratios).max().orElse(0));
        }
    }

    /** Relays {@code n} messages producer -> up -> down -> consumer; messages/s end to end. */
    private static double relay(Transport transport, ReloadableSslContext serverTls, ReloadableSslContext clientTls,
                                int n) throws Exception {
        LongAdder consumed = new LongAdder();
        try (BridgeServer down = BridgeServer.builder().transport(transport).name("down").port(0).tls(serverTls)
                     .meterRegistry(new SimpleMeterRegistry()).slowClientPolicy(OverflowPolicy.DROP_NEWEST)
                     .maxPending(1_000_000, 256L << 20).build().start();
             BridgeServer up = BridgeServer.builder().transport(transport).name("up").port(0).tls(serverTls)
                     .meterRegistry(new SimpleMeterRegistry()).sink(down::publish).build().start();
             BridgeClient consumer = BridgeClient.builder("127.0.0.1", down.localAddress().getPort())
                     .transport(transport).tls(clientTls).meterRegistry(new SimpleMeterRegistry()).build();
             BridgeClient producer = BridgeClient.builder("127.0.0.1", up.localAddress().getPort())
                     .transport(transport).tls(clientTls).meterRegistry(new SimpleMeterRegistry())
                     .maxQueued(1_000_000, 256L << 20).build()) {
            consumer.subscribe(m -> consumed.increment());
            consumer.start();
            producer.start();
            if (!consumer.awaitConnected(Duration.ofSeconds(10)) || !producer.awaitConnected(Duration.ofSeconds(10))) {
                throw new IllegalStateException("not connected");
            }
            while (down.connectionCount() == 0) {
                Thread.onSpinWait();
            }
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                while (producer.queuedMessages() > 50_000) {
                    java.util.concurrent.locks.LockSupport.parkNanos(50_000); // paced, leaving the CPU to the loops
                }
                producer.sendJson(MESSAGE);
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (consumed.sum() < n && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            if (consumed.sum() < n) {
                throw new IllegalStateException("only " + consumed.sum() + " of " + n + " relayed");
            }
            return n / seconds;
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
