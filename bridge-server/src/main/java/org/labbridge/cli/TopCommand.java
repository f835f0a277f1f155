package org.labbridge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.labbridge.config.HostPort;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code labbridge top [HOST:PORT]}: a live view of a daemon's {@code /api/nodes}, redrawn every
 * {@code --interval} with plain ANSI (clear screen, home), so it works in any terminal and over SSH, like
 * {@code vector top}. Ctrl-C ends it. {@code --once} prints one frame without escape codes (for scripts and
 * for a first look).
 */
@Command(name = "top", description = "Live view of a daemon's nodes (rates, clients, queues, drops) from its HTTP endpoint.")
final class TopCommand implements Callable<Integer> {

    private static final String CLEAR_AND_HOME = "\033[H\033[2J";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Parameters(index = "0", arity = "0..1", paramLabel = "HOST:PORT", converter = Endpoint.class,
            defaultValue = ":9901", description = "the daemon's http endpoint (default: ${DEFAULT-VALUE})")
    HostPort target;

    @Option(names = "--interval", defaultValue = "1s", converter = DurationOption.class,
            description = "time between frames (default: ${DEFAULT-VALUE})")
    Duration interval;

    @Option(names = "--once", description = "print one frame (rates over the last second) and exit")
    boolean once;

    @Option(names = "--width", description = "columns (default: $COLUMNS, else 132)")
    Integer width;

    @Override
    public Integer call() throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI uri = URI.create("http://" + target.host() + ":" + target.port() + "/api/nodes");
        PrintStream out = System.out;
        int columns = width != null ? width : columnsFromEnvironment();
        if (once) {
            try {
                fetch(http, uri); // the first reading has no rates: the second, a second later, has
                Thread.sleep(1000);
                print(out, TopScreen.render(target.toString(), fetch(http, uri), columns), false);
                return ExitCodes.OK;
            } catch (IOException e) {
                System.err.println("labbridge top " + target + ": " + e.getMessage());
                return ExitCodes.UNREACHABLE;
            }
        }
        while (!Thread.currentThread().isInterrupted()) {
            List<String> frame;
            try {
                frame = TopScreen.render(target.toString(), fetch(http, uri), columns);
            } catch (IOException e) {
                frame = List.of("labbridge top — " + target + " — cannot reach " + uri + ": " + e.getMessage(),
                        "retrying every " + interval.toMillis() + " ms (Ctrl-C to quit)");
            }
            print(out, frame, true);
            Thread.sleep(interval.toMillis());
        }
        return ExitCodes.OK;
    }

    private static JsonNode fetch(HttpClient http, URI uri) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("HTTP " + response.statusCode());
        }
        return JSON.readTree(response.body());
    }

    private static void print(PrintStream out, List<String> frame, boolean clear) {
        StringBuilder screen = new StringBuilder(clear ? CLEAR_AND_HOME : "");
        for (String line : frame) {
            screen.append(line).append(System.lineSeparator());
        }
        out.print(screen);
        out.flush();
    }

    private static int columnsFromEnvironment() {
        try {
            return Math.max(40, Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "132").trim()));
        } catch (NumberFormatException e) {
            return 132;
        }
    }
}
