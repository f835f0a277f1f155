package org.labbridge.codec.plugind;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Test utility: reads plugin output the way Netdata 1.37.1 does (its word splitter, line and word limits)
 * and reports every broken rule of the plugins.d spec. Stateful across {@link #feed} calls, so a whole
 * session of output can be checked in pieces. Shared through the protocol-codecs test-jar (the adapter's
 * tests and the integration tests check everything the plugin prints with it).
 */
public final class PluginsdChecker {
    private static final Pattern INT64 = Pattern.compile("-?(0|[1-9][0-9]{0,18})");
    private static final Pattern POSITIVE = Pattern.compile("[1-9][0-9]{0,18}");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]+");
    private static final Set<String> CHART_TYPES = Set.of("line", "area", "stacked");
    private static final Set<String> ALGORITHMS = Set.of("absolute", "incremental", "percentage-of-absolute-row",
            "percentage-of-incremental-row");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Set<Keyword> known = EnumSet.noneOf(Keyword.class);
    private final Map<String, Set<String>> charts = new HashMap<>();
    private final Set<String> collected = new HashSet<>();
    private final List<String> violations = new ArrayList<>();
    private String chartContext;   // after CHART/DIMENSION/CLABEL: the chart DIMENSION/CLABEL apply to
    private String inBegin;        // inside BEGIN…END: the chart
    private StringBuilder functionBody; // inside FUNCTION_RESULT_BEGIN…END
    private int lineNo;
    private int functionResults;
    private int ends;

    public PluginsdChecker() {
        this(NetdataVersion.BASELINE);
    }

    public PluginsdChecker(NetdataVersion version) {
        for (Keyword k : Keyword.values()) {
            if (version.supports(k)) {
                known.add(k);
            }
        }
    }

    /** Checks more output (complete lines). */
    public PluginsdChecker feed(String output) {
        if (!output.isEmpty() && !output.endsWith("\n")) {
            violations.add("output does not end with a newline: '" + tail(output) + "'");
        }
        String[] lines = output.split("\n", -1);
        for (int i = 0; i < lines.length - 1; i++) { // the last piece is what follows the last newline
            check(lines[i]);
        }
        return this;
    }

    /** Fails with every violation found so far; also when a block is left open. */
    public PluginsdChecker assertValid() {
        List<String> all = new ArrayList<>(violations);
        if (inBegin != null) {
            all.add("BEGIN " + inBegin + " never ENDed");
        }
        if (functionBody != null) {
            all.add("FUNCTION_RESULT_BEGIN never ended");
        }
        if (!all.isEmpty()) {
            fail("plugins.d rules broken:\n  " + String.join("\n  ", all));
        }
        return this;
    }

    public List<String> violations() {
        return violations;
    }

    public Set<String> dimensions(String chart) {
        return charts.getOrDefault(chart, Set.of());
    }

    public Set<String> charts() {
        return charts.keySet();
    }

    public int functionResults() {
        return functionResults;
    }

    public int ends() {
        return ends;
    }

    private void check(String line) {
        lineNo++;
        if (functionBody != null) {
            if (line.startsWith("FUNCTION_RESULT_END")) {
                try {
                    JSON.readTree(functionBody.toString());
                } catch (Exception e) {
                    bad(line, "function result body is not one JSON document (interleaved?): " + e.getMessage());
                }
                functionBody = null;
                functionResults++;
            } else {
                functionBody.append(line).append('\n');
            }
            return;
        }
        if (line.getBytes(StandardCharsets.UTF_8).length >= 15_359) {
            bad(line, "line of " + line.getBytes(StandardCharsets.UTF_8).length + " bytes (limit 15358)");
        }
        List<String> w = PluginsdWords.split(line);
        if (w.isEmpty()) {
            bad(line, "blank line");
            return;
        }
        if (w.size() > 20) {
            bad(line, w.size() + " words (Netdata keeps 20)");
        }
        Keyword k;
        try {
            k = Keyword.valueOf(w.get(0));
        } catch (IllegalArgumentException e) {
            bad(line, "unknown keyword '" + w.get(0) + "' (1.37.1 kills the plugin)");
            return;
        }
        if (!known.contains(k)) {
            bad(line, k + " is not known to this agent");
            return;
        }
        switch (k) {
            case CHART -> chart(line, w);
            case DIMENSION -> dimension(line, w);
            case CLABEL -> {
                if (w.size() != 4) {
                    bad(line, "CLABEL needs exactly 3 fields, has " + (w.size() - 1));
                } else if (!w.get(3).matches("[0-9]+")) {
                    bad(line, "CLABEL source is not a number");
                }
                requireChartContext(line);
            }
            case CLABEL_COMMIT -> requireChartContext(line);
            case BEGIN -> begin(line, w);
            case SET -> set(line, w);
            case END -> {
                if (inBegin == null) {
                    bad(line, "END outside BEGIN…END");
                }
                inBegin = null;
                chartContext = null;
                ends++;
            }
            case FUNCTION -> {
                if (w.size() != 5 || !"GLOBAL".equals(w.get(1)) || !POSITIVE.matcher(w.get(3)).matches()) {
                    bad(line, "expected FUNCTION GLOBAL name timeout help");
                }
                noBlock(line);
            }
            case FUNCTION_RESULT_BEGIN -> {
                noBlock(line);
                if (w.size() != 5 || !ID.matcher(w.get(1)).matches() || !w.get(2).matches("[1-5][0-9][0-9]")
                        || !w.get(4).matches("[0-9]+")) {
                    bad(line, "expected FUNCTION_RESULT_BEGIN tx code content-type expires");
                }
                functionBody = new StringBuilder();
            }
            case FUNCTION_RESULT_END -> bad(line, "FUNCTION_RESULT_END without FUNCTION_RESULT_BEGIN");
            case DISABLE, FLUSH, VARIABLE, LABEL, OVERWRITE -> noBlock(line);
            default -> bad(line, k + " is never printed by this plugin");
        }
    }

    private void chart(String line, List<String> w) {
        noBlock(line);
        if (w.size() < 5) {
            bad(line, "CHART needs at least type.id name title units");
            return;
        }
        String full = w.get(1);
        int dot = full.indexOf('.');
        if (dot <= 0 || dot == full.length() - 1 || !ID.matcher(full.substring(0, dot)).matches()
                || !ID.matcher(full.substring(dot + 1)).matches()) {
            bad(line, "chart id '" + full + "' is not type.id of safe characters");
        }
        if (w.size() > 7 && !CHART_TYPES.contains(w.get(7))) {
            bad(line, "chart type '" + w.get(7) + "'");
        }
        if (w.size() > 8 && !INT64.matcher(w.get(8)).matches()) {
            bad(line, "priority '" + w.get(8) + "'");
        }
        if (w.size() > 9 && !POSITIVE.matcher(w.get(9)).matches()) {
            bad(line, "update_every '" + w.get(9) + "'");
        }
        if (w.size() > 13) {
            bad(line, "CHART has " + (w.size() - 1) + " fields, at most 12 (a text field was split)");
        }
        charts.computeIfAbsent(full, x -> new HashSet<>());
        chartContext = full;
    }

    private void dimension(String line, List<String> w) {
        if (chartContext == null) {
            bad(line, "DIMENSION without its CHART right before it");
            return;
        }
        if (w.size() < 2 || !ID.matcher(w.get(1)).matches()) {
            bad(line, "dimension id is not made of safe characters");
            return;
        }
        if (w.size() > 3 && !ALGORITHMS.contains(w.get(3))) {
            bad(line, "algorithm '" + w.get(3) + "'");
        }
        for (int i = 4; i <= 5 && i < w.size(); i++) {
            if (!INT64.matcher(w.get(i)).matches() || w.get(i).equals("0")) {
                bad(line, "multiplier/divisor '" + w.get(i) + "' is not a non-zero integer");
            }
        }
        if (w.size() > 7) {
            bad(line, "DIMENSION has " + (w.size() - 1) + " fields, at most 6 (a text field was split)");
        }
        charts.get(chartContext).add(w.get(1));
    }

    private void begin(String line, List<String> w) {
        if (inBegin != null) {
            bad(line, "BEGIN inside BEGIN " + inBegin);
        }
        if (functionBody != null) {
            bad(line, "BEGIN inside a function result");
        }
        if (w.size() < 2 || !charts.containsKey(w.get(1))) {
            bad(line, "BEGIN of an undeclared chart");
        }
        String chart = w.size() > 1 ? w.get(1) : "?";
        if (w.size() > 2) {
            if (!POSITIVE.matcher(w.get(2)).matches()) {
                bad(line, "microseconds '" + w.get(2) + "'");
            }
            if (!collected.contains(chart)) {
                bad(line, "microseconds on the first collection of " + chart);
            }
        }
        if (w.size() > 3) {
            bad(line, "BEGIN has extra words");
        }
        collected.add(chart);
        inBegin = chart;
        chartContext = null;
    }

    private void set(String line, List<String> w) {
        if (inBegin == null) {
            bad(line, "SET outside BEGIN…END");
            return;
        }
        if (w.size() < 2 || !dimensions(inBegin).contains(w.get(1))) {
            bad(line, "SET of a dimension not declared on " + inBegin);
        }
        if (w.size() > 2 && !w.get(2).isEmpty()) {
            if (!INT64.matcher(w.get(2)).matches() || (w.get(2).length() == 19 && w.get(2).compareTo("9223372036854775807") > 0)) {
                bad(line, "SET value '" + w.get(2) + "' is not a plain int64");
            }
        }
        if (w.size() > 3) {
            bad(line, "SET has extra words");
        }
    }

    private void requireChartContext(String line) {
        if (chartContext == null || inBegin != null) {
            bad(line, "needs a CHART right before it");
        }
    }

    private void noBlock(String line) {
        if (inBegin != null) {
            bad(line, "not allowed inside BEGIN " + inBegin);
        }
    }

    private void bad(String line, String why) {
        violations.add("line " + lineNo + ": " + why + ": " + tail(line));
    }

    private static String tail(String s) {
        return s.length() > 160 ? s.substring(0, 157) + "..." : s;
    }
}
