package org.labbridge.cli;

import org.labbridge.client.udp.PullClient;
import org.labbridge.config.HostPort;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Callable;

/** {@code labbridge pull HOST:PORT [COMMAND]}: one request to a PyExpLabSys pull socket, reply on stdout. */
@Command(name = "pull", description = "Send one command to a pull socket (ours or PyExpLabSys) and print the reply"
        + " (exit 1 on ERROR# or UNKNOWN_COMMMAND).")
final class PullCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "HOST:PORT", converter = Endpoint.class,
            description = "the socket, e.g. 127.0.0.1:9000 or :9000")
    HostPort target;

    @Parameters(index = "1", arity = "0..1", paramLabel = "COMMAND", defaultValue = "json_wn",
            description = "name, status, json_wn, raw_wn, codenames_json, codenames_raw, json, raw, CODENAME#json,"
                    + " CODENAME#raw (default: ${DEFAULT-VALUE})")
    String command;

    @Option(names = "--timeout", defaultValue = "2s", converter = DurationOption.class,
            description = "how long to wait for the reply (default: ${DEFAULT-VALUE})")
    Duration timeout;

    @Option(names = "--json", description = "print one JSON object {target, request, ok, exit, reply, value?|error}"
            + " for scripts (value: the reply parsed, when it is JSON)")
    boolean jsonOutput;

    @Override
    public Integer call() {
        ReplyOutcome outcome;
        try (PullClient client = new PullClient(target.resolve(), timeout)) {
            outcome = ReplyOutcome.ofPull(target.toString(), command, client.request(command));
        } catch (IOException e) {
            outcome = ReplyOutcome.unreachable(target.toString(), command, e.getMessage());
        }
        outcome.print(jsonOutput, "pull", System.out, System.err);
        return outcome.exitCode();
    }
}
