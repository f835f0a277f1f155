package org.labbridge.bench;

import org.labbridge.codec.python.PyTuple;
import org.labbridge.sockets.DataPushSocket;
import org.labbridge.sockets.DateDataPullSocket;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Benchmark server (not a test): a {@link DateDataPullSocket} and a {@link DataPushSocket} (store_last) on
 * fixed ports, for {@code bench/udp-bench.sh} to load with loopback-bench's {@code udp_load}. The pull
 * socket holds two codenames, so a {@code json_wn} reply is a realistic ~90 bytes.
 *
 * <p>Usage: {@code UdpBench PULL_PORT PUSH_PORT SECONDS}; prints {@code ready} once both are bound, and exits
 * after SECONDS.
 */
public final class UdpBench {
    private UdpBench() {
    }

    public static void main(String[] args) throws Exception {
        int pullPort = args.length > 0 ? Integer.parseInt(args[0]) : 9000;
        int pushPort = args.length > 1 ? Integer.parseInt(args[1]) : 8500;
        long seconds = args.length > 2 ? Long.parseLong(args[2]) : 120;
        try (DateDataPullSocket pull = DateDataPullSocket.builder("bench", List.of("temperature", "pressure"))
                .port(pullPort).receiveBufferSize(4 << 20).build();
             DataPushSocket push = DataPushSocket.builder("bench push").port(pushPort).receiveBufferSize(4 << 20).build()) {
            pull.start();
            push.start();
            pull.setPoint("temperature", PyTuple.of(1414154338.172345, 21.5));
            pull.setPoint("pressure", PyTuple.of(1414154338.172345, 1.013e-7));
            System.out.println("ready");
            System.out.flush();
            new CountDownLatch(1).await(seconds, TimeUnit.SECONDS);
        }
    }
}
