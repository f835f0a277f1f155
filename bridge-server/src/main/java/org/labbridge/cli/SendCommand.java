package org.labbridge.cli;

import org.labbridge.client.bridge.BridgeClient;
import org.labbridge.codec.python.PyJson;
import org.labbridge.codec.python.PyJsonException;
import org.labbridge.config.HostPort;
import org.labbridge.transport.Transport;
import org.labbridge.tls.ReloadableSslContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code labbridge send HOST:PORT JSON...}: sends each JSON value as one bridge message. */
@Command(name = "send", description = "Send each JSON value (or each line of stdin when none is given) as one"
        + " bridge message, then close.")
final class SendCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "HOST:PORT", converter = Endpoint.class,
            description = "the bridge server, e.g. :45454")
    HostPort target;

    @Parameters(index = "1..*", paramLabel = "JSON", description = "JSON values, e.g. '{\"p\": 1013.2}'")
    List<String> values = new ArrayList<>();

    @Mixin
    TlsOptions tlsOptions = new TlsOptions();

    @Option(names = "--connect-timeout", defaultValue = "5s", converter = DurationOption.class,
            description = "exit 3 when not connected within this time (default: ${DEFAULT-VALUE})")
    Duration connectTimeout;

    @Option(names = "--drain-timeout", defaultValue = "10s", converter = DurationOption.class,
            description = "how long to wait for everything to be written (default: ${DEFAULT-VALUE}); exit 1 when"
                    + " something could not be sent")
    Duration drainTimeout;

    @Override
    public Integer call() throws IOException, InterruptedException {
        List<String> messages = values.isEmpty() ? readStdin() : values;
        for (int i = 0; i < messages.size(); i++) {
            try {
                PyJson.loads(messages.get(i)); // refuse before connecting: nothing half-sent
            } catch (PyJsonException e) {
                System.err.println("labbridge send: value " + (i + 1) + " is not JSON: " + e.getMessage());
                return ExitCodes.USAGE;
            }
        }
        ReloadableSslContext tls = tlsOptions.load("send"); // an unusable option or file: exit 2, named
        try (Transport transport = Transport.create("labbridge-send", 1, true);
             BridgeClient client = BridgeClient.builder(target.host(), target.port())
                     .name("send").transport(transport).tls(tls).build()) {
            client.start();
            if (!client.awaitConnected(connectTimeout)) {
                System.err.println("labbridge send " + target + ": not connected within " + connectTimeout.toMillis()
                        + " ms");
                return ExitCodes.UNREACHABLE;
            }
            // Pace the sender to the connection: the client's queue drops its oldest beyond its bound, and a
            // command-line tool must deliver everything it was given, or say so. A peer that takes nothing
            // for --drain-timeout (measured from the last progress, not per message) ends the run.
            long lastProgress = System.nanoTime();
            long lastQueued = 0;
            int sent = 0;
            for (String json : messages) {
                long queued;
                while ((queued = client.queuedMessages()) >= MAX_IN_FLIGHT && client.isConnected()) {
                    if (queued < lastQueued) {
                        lastProgress = System.nanoTime();
                    }
                    lastQueued = queued;
                    if (System.nanoTime() - lastProgress > drainTimeout.toNanos()) {
                        System.err.println("labbridge send " + target + ": the peer took nothing for "
                                + drainTimeout.toMillis() + " ms; " + (messages.size() - sent) + " of "
                                + messages.size() + " not sent");
                        return ExitCodes.FAILED;
                    }
                    Thread.sleep(1);
                }
                lastQueued = queued;
                client.sendJson(json);
                sent++;
            }
            boolean drained = client.awaitDrained(drainTimeout);
            long dropped = client.droppedMessages();
            if (!drained || dropped > 0) {
                System.err.println("labbridge send " + target + ": " + (drained ? "" : "not all written within "
                        + drainTimeout.toMillis() + " ms; ") + dropped + " of " + messages.size() + " dropped");
                return ExitCodes.FAILED;
            }
        }
        return ExitCodes.OK;
    }

    /** Messages queued at most before the sender waits for the connection. */
    private static final int MAX_IN_FLIGHT = 1000;

    private static List<String> readStdin() throws IOException {
        List<String> lines = new ArrayList<>();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            if (!line.isBlank()) {
                lines.add(line);
            }
        }
        return lines;
    }
}
