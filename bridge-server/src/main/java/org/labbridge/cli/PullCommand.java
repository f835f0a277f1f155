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
@Command(name = "pull", description = "Send one command to a pull socket (ours or PyExpLabSys) and print the reply.")
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

    @Override
    public Integer call() {
        try (PullClient client = new PullClient(target.resolve(), timeout)) {
            System.out.println(client.request(command));
            return ExitCodes.OK;
        } catch (IOException e) {
            System.err.println("labbridge pull " + target + ": " + e.getMessage());
            return ExitCodes.UNREACHABLE;
        }
    }
}
