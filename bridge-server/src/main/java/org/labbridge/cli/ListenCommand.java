package org.labbridge.cli;

import org.labbridge.client.bridge.BridgeClient;
import org.labbridge.codec.message.BridgeMessage;
import org.labbridge.config.HostPort;
import org.labbridge.transport.Transport;
import org.labbridge.tls.ReloadableSslContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code labbridge listen HOST:PORT}: a bridge client printing every message as one JSON line. Exits 1 when
 * stdout can no longer be written (its reader went away, as {@code head} does).
 */
@Command(name = "listen", description = "Connect to a bridge and print every message as one JSON line, until"
        + " interrupted (or --count messages). Exits 1 when stdout is closed (e.g. piped into head).")
final class ListenCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "HOST:PORT", converter = Endpoint.class,
            description = "the bridge server, e.g. :45454")
    HostPort target;

    @Option(names = "--count", defaultValue = "0", description = "exit after this many messages (0 = never)")
    int count;

    @Mixin
    TlsOptions tlsOptions = new TlsOptions();

    @Option(names = "--connect-timeout", defaultValue = "5s", converter = DurationOption.class,
            description = "exit 3 when not connected within this time (default: ${DEFAULT-VALUE})")
    Duration connectTimeout;

    @Override
    public Integer call() throws InterruptedException {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        CountDownLatch done = new CountDownLatch(1);
        AtomicInteger received = new AtomicInteger();
        AtomicBoolean stdoutClosed = new AtomicBoolean();
        Signals.onTermination(done::countDown);
        ReloadableSslContext tls = tlsOptions.load("listen"); // an unusable option or file: exit 2, named
        try (Transport transport = Transport.create("labbridge-listen", 1, true);
             BridgeClient client = BridgeClient.builder(target.host(), target.port())
                     .name("listen").transport(transport).tls(tls).build()) {
            client.subscribe(message -> {
                if (stdoutClosed.get()) {
                    return;
                }
                out.println(oneLine(message));
                // PrintStream swallows write errors: without this check `listen | head -1` would never end.
                if (out.checkError()) {
                    stdoutClosed.set(true);
                    done.countDown();
                } else if (count > 0 && received.incrementAndGet() >= count) {
                    done.countDown();
                }
            });
            client.start();
            if (!client.awaitConnected(connectTimeout)) {
                System.err.println("labbridge listen " + target + ": not connected within " + connectTimeout.toMillis()
                        + " ms");
                return ExitCodes.UNREACHABLE;
            }
            System.err.println("listening on " + target);
            done.await();
            return stdoutClosed.get() ? ExitCodes.FAILED : ExitCodes.OK;
        }
    }

    /** Compact JSON on one line (a peer may send pretty-printed JSON); plain text as is. */
    private static String oneLine(BridgeMessage message) {
        Object value;
        try {
            value = message.value();
        } catch (java.io.UncheckedIOException e) {
            value = null; // valid JSON Jackson cannot read (see JsonValidator): shown as received
        }
        return value instanceof com.fasterxml.jackson.databind.JsonNode node ? node.toString()
                : message.text().replace('\n', ' ').replace('\r', ' ');
    }
}
