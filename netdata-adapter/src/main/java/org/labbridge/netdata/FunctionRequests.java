package org.labbridge.netdata;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.labbridge.codec.plugind.NetdataVersion;
import org.labbridge.codec.plugind.PluginsdText;
import org.labbridge.codec.plugind.PluginsdWords;
import org.labbridge.codec.plugind.PluginsdWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles the lines Netdata writes to the plugin's stdin: {@code FUNCTION tx timeout "name args" ...},
 * {@code FUNCTION_PAYLOAD … FUNCTION_PAYLOAD_END}, {@code FUNCTION_CANCEL tx} (answered 499 unless already
 * answered), {@code QUIT}; anything else is ignored. Each answer is one block written through
 * {@link PluginOutput}. Used by the stdin thread only.
 */
final class FunctionRequests {
    private static final Logger LOG = LoggerFactory.getLogger(FunctionRequests.class);
    private static final int MAX_PAYLOAD_LINES = 10_000;
    private static final int REMEMBERED = 1024;

    private final PluginOutput out;
    private final PluginsdWriter writer;
    private final Supplier<List<JobStatus>> statuses;
    private final int updateEvery;
    private final Clock clock;
    private final Runnable quit;
    /** Transactions answered recently, so that a late FUNCTION_CANCEL does not get a second answer. */
    private final Map<String, Boolean> answered = new LinkedHashMap<>(16, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    };
    private List<String> payloadRequest;
    private int payloadLines;

    FunctionRequests(PluginOutput out, NetdataVersion version, Supplier<List<JobStatus>> statuses, int updateEvery,
                     Clock clock, Runnable quit) {
        this.out = out;
        this.writer = new PluginsdWriter(version);
        this.statuses = statuses;
        this.updateEvery = updateEvery;
        this.clock = clock;
        this.quit = quit;
    }

    /** Handles one line read from stdin (without its newline). */
    void onLine(String line) {
        if (payloadRequest != null) {
            if (line.startsWith("FUNCTION_PAYLOAD_END")) {
                List<String> request = payloadRequest;
                payloadRequest = null;
                call(request);
            } else if (++payloadLines > MAX_PAYLOAD_LINES) {
                LOG.warn("function payload longer than {} lines: ignoring the request", MAX_PAYLOAD_LINES);
                payloadRequest = null;
            }
            return;
        }
        List<String> words = PluginsdWords.split(line, false);
        if (words.isEmpty()) {
            return;
        }
        switch (words.get(0)) {
            case "FUNCTION" -> call(words);
            case "FUNCTION_PAYLOAD" -> {
                payloadRequest = words;
                payloadLines = 0;
            }
            case "FUNCTION_CANCEL" -> {
                if (words.size() > 1 && !answered.containsKey(words.get(1))) {
                    answer(words.get(1), 499, SourcesFunction.error(499, "cancelled"));
                }
            }
            case "QUIT" -> quit.run();
            default -> LOG.debug("ignoring from netdata: {}", line);
        }
    }

    private void call(List<String> words) {
        if (words.size() < 4) {
            LOG.warn("malformed function request: {}", String.join(" ", words));
            return;
        }
        String tx = words.get(1);
        String function = words.get(3).strip();
        String name = function.split("\\s+", 2)[0];
        if (SourcesFunction.NAME.equals(name)) {
            answer(tx, 200, SourcesFunction.table(statuses.get(), updateEvery));
        } else {
            answer(tx, 400, SourcesFunction.error(400, "unknown function '" + PluginsdText.text(name, 100)
                    + "'; this plugin has: " + SourcesFunction.NAME));
        }
    }

    private void answer(String tx, int code, String body) {
        if (!PluginsdText.isId(tx)) {
            LOG.warn("cannot answer a function with transaction id '{}'", PluginsdText.text(tx, 100));
            return;
        }
        answered.put(tx, Boolean.TRUE);
        writer.functionResult(tx, code, "application/json", clock.instant().getEpochSecond(), body);
        out.write(writer.drain());
    }
}
