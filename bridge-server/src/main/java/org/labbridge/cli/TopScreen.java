package org.labbridge.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders one frame of {@code labbridge top} from an {@code /api/nodes} document: one row per node with
 * its kind, state, rates in and out, clients, queue and drops by reason. Pure (no terminal, no network), so
 * a test can assert on the exact screen.
 */
final class TopScreen {

    private static final String HEADER_FORMAT = "%-20s %-14s %-9s %10s %10s %7s %9s %9s  %s";

    private TopScreen() {
    }

    /** The frame's lines, each cut to {@code width} columns. */
    static List<String> render(String target, JsonNode doc, int width) {
        List<String> lines = new ArrayList<>();
        JsonNode nodes = doc.path("nodes");
        lines.add(String.format(Locale.ROOT, "labbridge top — %s — %d nodes — rates over %.1f s",
                target, nodes.size(), doc.path("interval_seconds").asDouble()));
        lines.add("");
        lines.add(String.format(Locale.ROOT, HEADER_FORMAT,
                "NODE", "KIND", "STATE", "IN/s", "OUT/s", "CLIENTS", "QUEUED", "BYTES", "DROPS"));
        for (JsonNode node : nodes) {
            lines.add(String.format(Locale.ROOT, HEADER_FORMAT,
                    node.path("name").asText(), node.path("kind").asText(), node.path("state").asText(),
                    rate(node.path("in_per_second").asDouble()), rate(node.path("out_per_second").asDouble()),
                    count(node.path("clients").asDouble()), count(node.path("queued_messages").asDouble()),
                    bytes(node.path("queued_bytes").asDouble()), drops(node.path("drops"))));
        }
        List<String> cut = new ArrayList<>(lines.size());
        for (String line : lines) {
            cut.add(line.length() > width ? line.substring(0, Math.max(0, width)) : line);
        }
        return cut;
    }

    static String rate(double perSecond) {
        if (perSecond >= 1e6) {
            return String.format(Locale.ROOT, "%.2fM", perSecond / 1e6);
        }
        if (perSecond >= 1e4) {
            return String.format(Locale.ROOT, "%.1fk", perSecond / 1e3);
        }
        return String.format(Locale.ROOT, "%.1f", perSecond);
    }

    static String count(double n) {
        return String.format(Locale.ROOT, "%.0f", n);
    }

    static String bytes(double n) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        int u = 0;
        while (n >= 1024 && u < units.length - 1) {
            n /= 1024;
            u++;
        }
        return u == 0 ? String.format(Locale.ROOT, "%.0f B", n) : String.format(Locale.ROOT, "%.1f %s", n, units[u]);
    }

    /** {@code reason=count} pairs, largest first; {@code -} for none. */
    static String drops(JsonNode drops) {
        List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = drops.fields(); it.hasNext(); ) {
            entries.add(it.next());
        }
        if (entries.isEmpty()) {
            return "-";
        }
        entries.sort((a, b) -> Double.compare(b.getValue().asDouble(), a.getValue().asDouble()));
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, JsonNode> e : entries) {
            if (out.length() > 0) {
                out.append(' ');
            }
            out.append(e.getKey()).append('=').append(count(e.getValue().asDouble()));
        }
        return out.toString();
    }
}
