package org.labbridge.netdata;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the Prometheus text exposition format (0.0.4) into the codenames the metrics socket serves, so one
 * layout charts both: {@code <name>|<label>=<value>|...}, with cumulative samples (counters, and the
 * {@code _count} and {@code _sum} of summaries and histograms) ending in {@code |statistic=count} or
 * {@code |statistic=total}. Histogram buckets, summary quantiles, {@code _created} samples and NaN or infinite
 * values are not charted. A line that cannot be parsed is skipped (and counted), never the whole answer.
 */
final class PrometheusText {
    private static final String CUMULATIVE_COUNT = "|statistic=count";
    private static final String CUMULATIVE_TOTAL = "|statistic=total";

    /** The parsed samples and how many lines were skipped as malformed. */
    record Result(Map<String, Object> values, int malformed) {
    }

    private PrometheusText() {
    }

    static Result parse(String text) {
        Map<String, String> types = new HashMap<>();
        Map<String, Object> values = new LinkedHashMap<>();
        int malformed = 0;
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("#")) {
                String[] f = line.split("\\s+", 4);
                if (f.length >= 4 && f[1].equals("TYPE")) {
                    types.put(f[2], f[3].strip());
                }
                continue;
            }
            try {
                parseSample(line, types, values);
            } catch (RuntimeException e) {
                malformed++;
            }
        }
        return new Result(values, malformed);
    }

    private static void parseSample(String line, Map<String, String> types, Map<String, Object> values) {
        int i = 0;
        while (i < line.length() && line.charAt(i) != '{' && !Character.isWhitespace(line.charAt(i))) {
            i++;
        }
        String name = line.substring(0, i);
        if (name.isEmpty()) {
            throw new IllegalArgumentException("no metric name");
        }
        StringBuilder labels = new StringBuilder();
        if (i < line.length() && line.charAt(i) == '{') {
            i = labels(line, i + 1, labels);
        }
        if (labels.indexOf("|quantile=") >= 0 || labels.indexOf("|le=") >= 0 && name.endsWith("_bucket")) {
            return;
        }
        String[] rest = line.substring(i).strip().split("\\s+");
        double value = switch (rest[0]) {
            case "NaN", "+Inf", "-Inf", "Inf" -> Double.NaN;
            default -> Double.parseDouble(rest[0]);
        };
        if (Double.isNaN(value)) {
            return;
        }
        String marker = "";
        String type = types.get(name);
        if (type == null) {
            String family = stripSuffix(name);
            type = types.getOrDefault(family, "untyped");
            if (name.endsWith("_created") || name.endsWith("_bucket")) {
                return;
            }
            if ((type.equals("summary") || type.equals("histogram"))) {
                marker = name.endsWith("_count") ? CUMULATIVE_COUNT : name.endsWith("_sum") ? CUMULATIVE_TOTAL : "";
            }
        }
        if (type.equals("counter")) {
            marker = CUMULATIVE_COUNT;
        }
        values.put(name + labels + marker, value);
    }

    private static String stripSuffix(String name) {
        for (String s : new String[] {"_total", "_count", "_sum", "_bucket", "_created"}) {
            if (name.endsWith(s)) {
                return name.substring(0, name.length() - s.length());
            }
        }
        return name;
    }

    /** Parses {@code k="v",...}} from {@code i}, appending {@code |k=v} per label; returns the index after '}'. */
    private static int labels(String line, int i, StringBuilder out) {
        while (true) {
            while (line.charAt(i) == ' ' || line.charAt(i) == ',') {
                i++;
            }
            if (line.charAt(i) == '}') {
                return i + 1;
            }
            int eq = line.indexOf('=', i);
            String key = line.substring(i, eq).strip();
            if (line.charAt(eq + 1) != '"') {
                throw new IllegalArgumentException("label value not quoted");
            }
            StringBuilder v = new StringBuilder();
            int j = eq + 2;
            for (char c = line.charAt(j); c != '"'; c = line.charAt(++j)) {
                if (c == '\\') {
                    char n = line.charAt(++j);
                    v.append(n == 'n' ? '\n' : n);
                } else {
                    v.append(c);
                }
            }
            // the codename separators may not occur inside a tag (as MeterCodenames does for the UDP socket)
            out.append('|').append(clean(key)).append('=').append(clean(v.toString()));
            i = j + 1;
        }
    }

    private static String clean(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            b.append(c == '|' || c == '#' || c == ',' || c == ';' || c == ':' || c == '&' || c < 0x20 ? '_' : c);
        }
        return b.toString();
    }
}
