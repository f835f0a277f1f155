package org.labbridge.cli;

import org.labbridge.client.udp.PushClient;
import org.labbridge.config.HostPort;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Callable;

/** {@code labbridge push HOST:PORT JSON}: sends {@code json_wn#JSON} to a push socket, prints the reply. */
@Command(name = "push", description = "Send json_wn#JSON to a push socket and print the reply (exit 0 on ACK#, 1 on any other reply).")
final class PushCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "HOST:PORT", converter = Endpoint.class,
            description = "the push socket, e.g. :8500")
    HostPort target;

    @Parameters(index = "1", paramLabel = "JSON", description = "a JSON object, e.g. '{\"t\": 21.5}'")
    String json;

    @Option(names = "--raw", description = "send JSON as a raw_wn# body instead (name:type:value;...)")
    boolean raw;

    @Option(names = "--timeout", defaultValue = "2s", converter = DurationOption.class,
            description = "how long to wait for the reply (default: ${DEFAULT-VALUE})")
    Duration timeout;

    @Option(names = "--json", description = "print one JSON object {target, request, ok, exit, reply|error} for scripts")
    boolean jsonOutput;

    @Override
    public Integer call() {
        String request = (raw ? "raw_wn#" : "json_wn#") + json;
        ReplyOutcome outcome;
        try (PushClient client = new PushClient(target.resolve(), timeout)) {
            String reply = raw ? client.rawWn(json) : client.jsonWn(json);
            outcome = ReplyOutcome.ofPush(target.toString(), request, reply);
        } catch (IOException e) {
            outcome = ReplyOutcome.unreachable(target.toString(), request, e.getMessage());
        }
        outcome.print(jsonOutput, "push", System.out, System.err);
        return outcome.exitCode();
    }
}
