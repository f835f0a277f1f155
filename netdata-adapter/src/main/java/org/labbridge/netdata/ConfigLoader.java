package org.labbridge.netdata;

import org.labbridge.codec.plugind.ChartType;
import org.labbridge.codec.plugind.PluginsdText;
import org.labbridge.config.ConfigBinder;
import org.labbridge.config.ConfigDocument;
import org.labbridge.config.ConfigException;
import org.labbridge.config.HostPort;
import org.labbridge.config.Problem;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Finds and reads {@code labbridge.conf} (YAML) into a {@link PluginConfig}, or explains precisely what is
 * wrong and where ({@code labbridge.conf:3:11: jobs.furnace.pull: 'x' (expected: host:port)}). The file is
 * bound by the daemon's {@link ConfigBinder} ({@link PluginYaml}); the checks that need more than one value
 * or Netdata's {@code update_every} follow here, located the same way, all reported together.
 */
public final class ConfigLoader {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ConfigLoader.class);
    /** File names looked for, in order, in the user then the stock config dir. */
    public static final List<String> FILE_NAMES = List.of("labbridge.conf", "labbridge.yaml");

    static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(500);
    static final Duration DEFAULT_RETRY = Duration.ofSeconds(5);
    static final Duration DEFAULT_AUTODETECT_RETRY = Duration.ofSeconds(60);
    /** Automatic charts pick their decade scale unless a divisor is configured. */
    static final long DEFAULT_DIVISOR = JobConfig.AUTO_SCALE;
    /** The divisor of a fixed scale when only a multiplier is given, and of explicit lines of auto-scaled jobs. */
    static final long FIXED_DIVISOR = JobConfig.EXPLICIT_LINE_DIVISOR;
    /** The daemon's default HTTP port (its {@code http:} section), where a metrics job reads /metrics first. */
    static final int DEFAULT_METRICS_HTTP_PORT = 9901;
    static final String DEFAULT_UNITS = "value";
    /** How problems name a configuration given as text ({@link #parse}) without a file. */
    static final String UNNAMED_SOURCE = "labbridge.conf";
    private static final int MAX_CHART_OPTIONS = 6;

    private ConfigLoader() {
    }

    /**
     * The first {@link #FILE_NAMES file} in {@code userDir}, then in {@code stockDir} (either may be null),
     * or null when there is none.
     */
    public static Path find(Path userDir, Path stockDir) {
        for (Path dir : new Path[] {userDir, stockDir}) {
            if (dir == null) {
                continue;
            }
            for (String name : FILE_NAMES) {
                Path p = dir.resolve(name);
                if (Files.isRegularFile(p)) {
                    return p;
                }
            }
        }
        return null;
    }

    /** The configuration when there is no file: autodetection with defaults. */
    public static PluginConfig defaults(int updateEvery) {
        return new PluginConfig(null, updateEvery, true, DEFAULT_AUTODETECT_RETRY, List.of());
    }

    /** Reads {@code file} ({@link #defaults} when null); an unreadable file is reported with the reason. */
    public static PluginConfig load(Path file, int netdataUpdateEvery) throws ConfigException {
        if (file == null) {
            return defaults(netdataUpdateEvery);
        }
        return resolve(ConfigBinder.read(file, PluginYaml.class), file, netdataUpdateEvery);
    }

    /** Parses configuration text; {@code file} names it in problems (null: {@value #UNNAMED_SOURCE}). */
    public static PluginConfig parse(String text, Path file, int netdataUpdateEvery) throws ConfigException {
        return resolve(ConfigBinder.readString(text, PluginYaml.class, file == null ? UNNAMED_SOURCE : file.toString()),
                file, netdataUpdateEvery);
    }

    /** Checks the bound document and resolves each job's inherited values; every problem is reported at once. */
    private static PluginConfig resolve(ConfigDocument<PluginYaml> doc, Path file, int netdataUpdateEvery)
            throws ConfigException {
        PluginYaml top = doc.value();
        List<Problem> problems = new ArrayList<>();
        // never collect faster than Netdata asks for (an all-comments file, like the shipped sample, binds to defaults)
        int updateEvery = Math.max(netdataUpdateEvery, top.updateEvery() == null ? 1 : top.updateEvery());
        shown(doc, top.units(), "units");
        List<JobConfig> jobs = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (Map.Entry<String, PluginYaml.JobYaml> e : top.jobs().entrySet()) {
            String name = e.getKey();
            String path = "jobs." + name;
            if (!PluginsdText.isId(name) || name.length() > JobConfig.MAX_NAME_CHARS) {
                problems.add(doc.problem(path, "a job name may only contain letters, digits, _ and - and has at most "
                        + JobConfig.MAX_NAME_CHARS + " characters (its charts are " + JobConfig.CHART_TYPE_PREFIX
                        + "<name>.*), got " + name.length()));
            } else if (!ids.add(name.toLowerCase(Locale.ROOT))) {
                problems.add(doc.problem(path, "a job of that name exists already (names ignore case)"));
            }
            jobs.add(job(doc, name, e.getValue(), path, updateEvery, problems));
        }
        if (!problems.isEmpty()) {
            throw ConfigException.of(problems);
        }
        // Configured jobs add to what autodetection finds (go.d's way): only `autodetect: false` turns it off.
        return new PluginConfig(file, updateEvery, top.autodetect(), top.autodetectRetry(), jobs);
    }

    private static JobConfig job(ConfigDocument<PluginYaml> doc, String name, PluginYaml.JobYaml job, String path,
                                 int pluginUpdateEvery, List<Problem> problems) {
        PluginYaml top = doc.value();
        int updateEvery = job.updateEvery() == null ? pluginUpdateEvery : job.updateEvery();
        if (updateEvery % pluginUpdateEvery != 0) {
            problems.add(doc.problem(path + ".update_every", "must be a multiple of the plugin's update_every ("
                    + pluginUpdateEvery + ")"));
        }
        long divisor = (job.divisor() == null ? top.divisor() : job.divisor()).value();
        String units = job.units() == null ? top.units() : shown(doc, job.units(), path + ".units");
        URI metricsUrl = null;
        if (job.kind() == SourceKind.METRICS) {
            metricsUrl = job.metricsUrl() == null ? defaultMetricsUrl(job.address()) : job.metricsUrl().uri();
        } else if (job.metricsUrl() != null) {
            problems.add(doc.problem(path + ".metrics_url", "only for metrics jobs"));
        }
        return new JobConfig(name, job.kind(), job.address(), updateEvery,
                job.timeout() == null ? top.timeout() : job.timeout(), job.retry() == null ? top.retry() : job.retry(),
                divisor, units, charts(doc, name, job, path, divisor == JobConfig.AUTO_SCALE ? FIXED_DIVISOR : divisor,
                problems), codenames(doc, job, path, problems), metricsUrl);
    }

    /** The default HTTP metrics endpoint of a daemon whose metrics socket is {@code address}. */
    static URI defaultMetricsUrl(HostPort address) {
        String host = address.host().contains(":") ? "[" + address.host() + "]" : address.host();
        return URI.create("http://" + host + ":" + DEFAULT_METRICS_HTTP_PORT + "/metrics");
    }

    private static Map<String, CodenameConfig> codenames(ConfigDocument<PluginYaml> doc, PluginYaml.JobYaml job,
                                                         String path, List<Problem> problems) {
        Map<String, CodenameConfig> out = new LinkedHashMap<>();
        for (Map.Entry<String, PluginYaml.CodenameYaml> e : job.codenames().entrySet()) {
            String p = path + ".codenames." + e.getKey();
            PluginYaml.CodenameYaml c = e.getValue();
            if (c.multiplier() != null && c.multiplier() == 0) {
                problems.add(doc.problem(p + ".multiplier", "0 (expected: a non-zero whole number)"));
            }
            out.put(e.getKey(), new CodenameConfig(shown(doc, c.units(), p + ".units"), shown(doc, c.title(), p + ".title"),
                    c.family(), c.multiplier() == null ? 0 : c.multiplier(), c.divisor() == null ? 0 : c.divisor()));
        }
        return out;
    }

    /**
     * Text Netdata shows (units, titles), unchanged; non-ASCII is worth a warning, not an error: 1.37.1 shows each
     * such byte as {@code _} ({@code °C} as {@code __C}), newer agents may show it.
     */
    private static String shown(ConfigDocument<?> doc, String text, String path) {
        if (text != null && !text.chars().allMatch(c -> c < 0x80)) {
            LOG.warn("{}", doc.warning(path, "'" + text + "' is not ASCII: Netdata 1.37.1 shows each other byte as _ "
                    + "(write Celsius, not the degree sign; u for micro)").located());
        }
        return text;
    }

    private static List<ChartConfig> charts(ConfigDocument<PluginYaml> doc, String job, PluginYaml.JobYaml j,
                                            String path, long divisor, List<Problem> problems) {
        if (j.charts().isEmpty()) {
            if (!j.order().isEmpty()) {
                problems.add(doc.problem(path + ".order", "given without charts"));
            }
            return List.of();
        }
        List<String> order = j.order().isEmpty() ? List.copyOf(j.charts().keySet()) : j.order();
        List<ChartConfig> out = new ArrayList<>();
        Set<String> listed = new HashSet<>();
        for (int i = 0; i < order.size(); i++) {
            String key = order.get(i);
            if (!j.charts().containsKey(key)) {
                problems.add(doc.problem(path + ".order[" + i + "]", "no chart '" + key + "' in charts"));
            } else if (!listed.add(key)) {
                problems.add(doc.problem(path + ".order[" + i + "]", "'" + key + "' is listed twice"));
            } else {
                chart(doc, job, key, j.charts().get(key), path + ".charts." + key, divisor, problems, out);
            }
        }
        return out;
    }

    private static void chart(ConfigDocument<PluginYaml> doc, String job, String id, PluginYaml.ChartYaml c,
                              String cp, long divisor, List<Problem> problems, List<ChartConfig> out) {
        if (!PluginsdText.isId(id)) {
            problems.add(doc.problem(cp, "a chart id may only contain letters, digits, _ and -"));
        }
        List<Object> opts = c.options();
        if (opts.size() > MAX_CHART_OPTIONS) {
            problems.add(doc.problem(cp + ".options", "at most [name, title, units, family, context, charttype]"));
        }
        String[] defaults = {"", id, DEFAULT_UNITS, job, "labbridge." + job, "line"};
        String[] o = new String[MAX_CHART_OPTIONS];
        for (int i = 0; i < MAX_CHART_OPTIONS; i++) {
            Object v = i < opts.size() ? opts.get(i) : null;
            if (v instanceof Map || v instanceof List) {
                problems.add(doc.problem(cp + ".options[" + i + "]", (v instanceof Map ? "a mapping" : "a list")
                        + " (expected: text or null)"));
            }
            o[i] = v == null ? defaults[i] : v.toString();
        }
        ChartType type = ChartType.LINE;
        try {
            type = ChartType.parse(o[5]);
        } catch (IllegalArgumentException e) {
            problems.add(doc.problem(cp + ".options[5]", e.getMessage()));
        }
        if (c.lines().isEmpty()) {
            problems.add(doc.problem(cp + ".lines", "required: " + LineYaml.EXPECTED + ", at least one"));
        }
        List<LineConfig> lines = c.lines().stream().map(l -> new LineConfig(l.codename(), l.name(), l.algorithm(),
                l.multiplier(), l.divisor() == null ? divisor : l.divisor())).toList();
        out.add(new ChartConfig(id, o[0], shown(doc, o[1], cp + ".options[1]"), shown(doc, o[2], cp + ".options[2]"),
                o[3], o[4], type, lines));
    }
}
