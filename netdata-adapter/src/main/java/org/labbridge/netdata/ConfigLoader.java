package org.labbridge.netdata;

import org.labbridge.config.ConfigException;

import org.labbridge.config.HostPort;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.labbridge.codec.plugind.Algorithm;
import org.labbridge.codec.plugind.ChartType;
import org.labbridge.codec.plugind.PluginsdText;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Finds and reads {@code labbridge.conf} (YAML) into a {@link PluginConfig}, or explains precisely what is
 * wrong ({@code labbridge.conf: jobs.furnace.pull: expected HOST:PORT, got 'x'}). Unknown keys are
 * errors, so that a typo does not silently fall back to a default.
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
    private static final long MAX_FILE_BYTES = 1 << 20;
    private static final Set<String> TOP_KEYS = Set.of("update_every", "autodetect", "autodetect_retry", "timeout",
            "retry", "divisor", "units", "jobs");
    private static final Set<String> JOB_KEYS = Set.of("pull", "bridge", "metrics", "update_every", "timeout",
            "retry", "divisor", "units", "order", "charts", "codenames", "metrics_url");
    private static final Set<String> CODENAME_KEYS = Set.of("units", "title", "family", "multiplier", "divisor");
    private static final Set<String> CHART_KEYS = Set.of("options", "lines");
    private static final Pattern DURATION = Pattern.compile("\\s*(\\d+(?:\\.\\d+)?)\\s*(ms|s|m)?\\s*");

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

    /** Reads {@code file} ({@link #defaults} when null). */
    public static PluginConfig load(Path file, int netdataUpdateEvery) throws ConfigException {
        if (file == null) {
            return defaults(netdataUpdateEvery);
        }
        String text;
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new ConfigException(file + ": larger than 1 MiB, not a configuration file");
            }
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + e.getMessage(), e);
        }
        try {
            return parse(text, file, netdataUpdateEvery);
        } catch (ConfigException e) {
            throw new ConfigException(file + ": " + e.getMessage(), e);
        }
    }

    /** Parses configuration text; {@code file} is only recorded. Messages start with the value's path. */
    public static PluginConfig parse(String text, Path file, int netdataUpdateEvery) throws ConfigException {
        Object doc;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            options.setMaxAliasesForCollections(10);
            doc = new Yaml(new SafeConstructor(options)).load(text);
        } catch (YAMLException e) {
            throw new ConfigException("not valid YAML: " + e.getMessage().replace('\n', ' '), e);
        }
        if (doc == null) {
            // an all-comments file, like the shipped sample: defaults
            return new PluginConfig(file, netdataUpdateEvery, true, DEFAULT_AUTODETECT_RETRY, List.of());
        }
        Map<String, Object> top = map(doc, "(top level)", TOP_KEYS);
        int updateEvery = intIn(top.get("update_every"), "update_every", netdataUpdateEvery, 1, 86_400);
        if (updateEvery < netdataUpdateEvery) {
            updateEvery = netdataUpdateEvery; // never collect faster than Netdata asks for
        }
        Duration autodetectRetry = duration(top.get("autodetect_retry"), "autodetect_retry", DEFAULT_AUTODETECT_RETRY);
        Duration timeout = duration(top.get("timeout"), "timeout", DEFAULT_TIMEOUT);
        Duration retry = duration(top.get("retry"), "retry", DEFAULT_RETRY);
        long divisor = divisor(top.get("divisor"), "divisor", DEFAULT_DIVISOR);
        String units = shown(string(top.get("units"), "units", DEFAULT_UNITS), "units");
        List<JobConfig> jobs = new ArrayList<>();
        Object jobsNode = top.get("jobs");
        if (jobsNode != null) {
            Map<String, Object> jobMap = map(jobsNode, "jobs", null);
            Set<String> ids = new LinkedHashSet<>();
            for (Map.Entry<String, Object> e : jobMap.entrySet()) {
                String path = "jobs." + e.getKey();
                if (!PluginsdText.isId(e.getKey()) || e.getKey().length() > JobConfig.MAX_NAME_CHARS) {
                    throw new ConfigException(path + ": a job name may only contain letters, digits, _ and - "
                            + "and has at most " + JobConfig.MAX_NAME_CHARS + " characters (its charts are "
                            + JobConfig.CHART_TYPE_PREFIX + "<name>.*), got " + e.getKey().length());
                }
                if (!ids.add(e.getKey().toLowerCase(Locale.ROOT))) {
                    throw new ConfigException(path + ": a job of that name exists already (names ignore case)");
                }
                jobs.add(job(e.getKey(), e.getValue(), path, updateEvery, timeout, retry, divisor, units));
            }
        }
        // Configured jobs add to what autodetection finds (go.d's way): only `autodetect: false` turns it off.
        boolean autodetect = bool(top.get("autodetect"), "autodetect", true);
        return new PluginConfig(file, updateEvery, autodetect, autodetectRetry, jobs);
    }

    private static JobConfig job(String name, Object node, String path, int pluginUpdateEvery, Duration timeout,
                                 Duration retry, long divisor, String units) throws ConfigException {
        Map<String, Object> m = map(node, path, JOB_KEYS);
        SourceKind kind = null;
        HostPort address = null;
        for (SourceKind k : SourceKind.values()) {
            if (m.containsKey(k.key())) {
                if (kind != null) {
                    throw new ConfigException(path + ": give only one of pull, bridge, metrics");
                }
                kind = k;
                String p = path + "." + k.key();
                try {
                    address = HostPort.parse(string(m.get(k.key()), p, null));
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(p + ": " + e.getMessage());
                }
            }
        }
        if (kind == null) {
            throw new ConfigException(path + ": needs one of pull: HOST:PORT, bridge: HOST:PORT, metrics: HOST:PORT");
        }
        int updateEvery = intIn(m.get("update_every"), path + ".update_every", pluginUpdateEvery, 1, 86_400);
        if (updateEvery % pluginUpdateEvery != 0) {
            throw new ConfigException(path + ".update_every: must be a multiple of the plugin's update_every ("
                    + pluginUpdateEvery + ")");
        }
        Duration jobTimeout = duration(m.get("timeout"), path + ".timeout", timeout);
        Duration jobRetry = duration(m.get("retry"), path + ".retry", retry);
        long jobDivisor = divisor(m.get("divisor"), path + ".divisor", divisor);
        String jobUnits = shown(string(m.get("units"), path + ".units", units), path + ".units");
        List<ChartConfig> charts = charts(name, m, path,
                jobDivisor == JobConfig.AUTO_SCALE ? FIXED_DIVISOR : jobDivisor);
        Map<String, CodenameConfig> codenames = codenames(m.get("codenames"), path + ".codenames");
        URI metricsUrl = null;
        if (m.containsKey("metrics_url") && kind != SourceKind.METRICS) {
            throw new ConfigException(path + ".metrics_url: only for metrics jobs");
        }
        if (kind == SourceKind.METRICS) {
            metricsUrl = metricsUrl(m.get("metrics_url"), path + ".metrics_url", address);
        }
        return new JobConfig(name, kind, address, updateEvery, jobTimeout, jobRetry, jobDivisor, jobUnits, charts,
                codenames, metricsUrl);
    }

    /** The default HTTP metrics endpoint of a daemon whose metrics socket is {@code address}. */
    static URI defaultMetricsUrl(HostPort address) {
        String host = address.host().contains(":") ? "[" + address.host() + "]" : address.host();
        return URI.create("http://" + host + ":" + DEFAULT_METRICS_HTTP_PORT + "/metrics");
    }

    private static URI metricsUrl(Object node, String path, HostPort address) throws ConfigException {
        if (node == null) {
            return defaultMetricsUrl(address);
        }
        String text = string(node, path, null);
        if (text.equals("none") || node instanceof Boolean b && !b) {
            return null;
        }
        try {
            URI uri = new URI(text);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return uri;
            }
        } catch (java.net.URISyntaxException e) {
            // answered below
        }
        throw new ConfigException(path + ": expected an http:// URL such as http://127.0.0.1:9901/metrics, or none, "
                + "got " + describe(node));
    }

    private static Map<String, CodenameConfig> codenames(Object node, String path) throws ConfigException {
        if (node == null) {
            return Map.of();
        }
        Map<String, CodenameConfig> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : map(node, path, null).entrySet()) {
            String p = path + "." + e.getKey();
            Map<String, Object> c = map(e.getValue(), p, CODENAME_KEYS);
            out.put(e.getKey(), new CodenameConfig(shown(optionalString(c.get("units"), p + ".units"), p + ".units"),
                    shown(optionalString(c.get("title"), p + ".title"), p + ".title"), optionalString(c.get("family"), p + ".family"),
                    c.get("multiplier") == null ? 0 : nonZero(c.get("multiplier"), p + ".multiplier", 1),
                    c.get("divisor") == null ? 0 : divisor(c.get("divisor"), p + ".divisor", FIXED_DIVISOR)));
        }
        return out;
    }

    /**
     * Text Netdata shows (units, titles), unchanged; non-ASCII is worth a warning, not an error: 1.37.1 shows each
     * such byte as {@code _} ({@code °C} as {@code __C}), newer agents may show it.
     */
    static String shown(String text, String path) {
        if (text != null && !text.chars().allMatch(c -> c < 0x80)) {
            LOG.warn("{}: '{}' is not ASCII: Netdata 1.37.1 shows each other byte as _ (write Celsius, not the "
                    + "degree sign; u for micro)", path, text);
        }
        return text;
    }

    private static String optionalString(Object node, String path) throws ConfigException {
        return node == null ? null : string(node, path, null);
    }

    private static List<ChartConfig> charts(String job, Map<String, Object> m, String path, long divisor)
            throws ConfigException {
        Object chartsNode = m.get("charts");
        Object orderNode = m.get("order");
        if (chartsNode == null) {
            if (orderNode != null) {
                throw new ConfigException(path + ".order: given without charts");
            }
            return List.of();
        }
        Map<String, Object> charts = map(chartsNode, path + ".charts", null);
        List<String> order = new ArrayList<>();
        if (orderNode == null) {
            order.addAll(charts.keySet());
        } else {
            List<?> list = list(orderNode, path + ".order");
            for (int i = 0; i < list.size(); i++) {
                String id = string(list.get(i), path + ".order[" + i + "]", null);
                if (!charts.containsKey(id)) {
                    throw new ConfigException(path + ".order[" + i + "]: no chart '" + id + "' in charts");
                }
                order.add(id);
            }
        }
        List<ChartConfig> out = new ArrayList<>();
        Set<String> ids = new LinkedHashSet<>();
        for (String key : order) {
            String cp = path + ".charts." + key;
            if (!PluginsdText.isId(key)) {
                throw new ConfigException(cp + ": a chart id may only contain letters, digits, _ and -");
            }
            if (!ids.add(key)) {
                throw new ConfigException(path + ".order: '" + key + "' is listed twice");
            }
            Map<String, Object> c = map(charts.get(key), cp, CHART_KEYS);
            List<?> opts = c.get("options") == null ? List.of() : list(c.get("options"), cp + ".options");
            if (opts.size() > 6) {
                throw new ConfigException(cp + ".options: at most [name, title, units, family, context, charttype]");
            }
            String name = opt(opts, 0, cp, "");
            String title = shown(opt(opts, 1, cp, key), cp + ".options[1]");
            String units = shown(opt(opts, 2, cp, DEFAULT_UNITS), cp + ".options[2]");
            String family = opt(opts, 3, cp, job);
            String context = opt(opts, 4, cp, "labbridge." + job);
            ChartType type;
            try {
                type = ChartType.parse(opt(opts, 5, cp, "line"));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(cp + ".options[5]: " + e.getMessage());
            }
            if (c.get("lines") == null) {
                throw new ConfigException(cp + ".lines: required (a list of [codename, name, algorithm, multiplier, divisor])");
            }
            List<?> lines = list(c.get("lines"), cp + ".lines");
            if (lines.isEmpty()) {
                throw new ConfigException(cp + ".lines: empty");
            }
            List<LineConfig> lineConfigs = new ArrayList<>();
            for (int i = 0; i < lines.size(); i++) {
                lineConfigs.add(line(lines.get(i), cp + ".lines[" + i + "]", divisor));
            }
            out.add(new ChartConfig(key, name, title, units, family, context, type, lineConfigs));
        }
        return out;
    }

    private static LineConfig line(Object node, String path, long divisor) throws ConfigException {
        List<?> l = node instanceof String s ? List.of(s) : list(node, path);
        if (l.isEmpty() || l.size() > 5) {
            throw new ConfigException(path + ": expected [codename, name, algorithm, multiplier, divisor]");
        }
        String codename = string(l.get(0), path + "[0]", null);
        String name = l.size() > 1 && l.get(1) != null ? string(l.get(1), path + "[1]", null) : codename;
        Algorithm algorithm = Algorithm.ABSOLUTE;
        if (l.size() > 2 && l.get(2) != null) {
            try {
                algorithm = Algorithm.parse(string(l.get(2), path + "[2]", null));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(path + "[2]: " + e.getMessage());
            }
        }
        long multiplier = l.size() > 3 ? nonZero(l.get(3), path + "[3]", 1) : 1;
        long lineDivisor = l.size() > 4 ? divisor(l.get(4), path + "[4]", divisor) : divisor;
        return new LineConfig(codename, name, algorithm, multiplier, lineDivisor);
    }

    private static String opt(List<?> opts, int i, String path, String def) throws ConfigException {
        if (i >= opts.size() || opts.get(i) == null) {
            return def;
        }
        return string(opts.get(i), path + ".options[" + i + "]", def);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object node, String path, Set<String> allowed) throws ConfigException {
        if (!(node instanceof Map<?, ?> raw)) {
            throw new ConfigException(path + ": expected a mapping, got " + describe(node));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : raw.entrySet()) {
            if (!(e.getKey() instanceof String key)) {
                throw new ConfigException(path + ": keys must be text, got " + describe(e.getKey()));
            }
            if (allowed != null && !allowed.contains(key)) {
                throw new ConfigException(path + ": unknown key '" + key + "' (known: " + String.join(", ",
                        allowed.stream().sorted().toList()) + ")");
            }
            m.put(key, e.getValue());
        }
        return m;
    }

    private static List<?> list(Object node, String path) throws ConfigException {
        if (!(node instanceof List<?> l)) {
            throw new ConfigException(path + ": expected a list, got " + describe(node));
        }
        return l;
    }

    private static String string(Object node, String path, String def) throws ConfigException {
        if (node == null) {
            if (def == null) {
                throw new ConfigException(path + ": required");
            }
            return def;
        }
        if (node instanceof String || node instanceof Number || node instanceof Boolean) {
            return node.toString();
        }
        throw new ConfigException(path + ": expected text, got " + describe(node));
    }

    private static boolean bool(Object node, String path, boolean def) throws ConfigException {
        if (node == null) {
            return def;
        }
        if (node instanceof Boolean b) {
            return b;
        }
        throw new ConfigException(path + ": expected true or false, got " + describe(node));
    }

    private static int intIn(Object node, String path, int def, int min, int max) throws ConfigException {
        if (node == null) {
            return def;
        }
        if (node instanceof Integer i && i >= min && i <= max) {
            return i;
        }
        throw new ConfigException(path + ": expected a whole number from " + min + " to " + max + ", got "
                + describe(node));
    }

    private static long divisor(Object node, String path, long def) throws ConfigException {
        if ("auto".equals(node)) {
            return JobConfig.AUTO_SCALE;
        }
        long d = nonZero(node, path, def);
        if (d == JobConfig.AUTO_SCALE) {
            return d;
        }
        if (d < 1 || d > 1_000_000_000L) {
            throw new ConfigException(path + ": expected a divisor from 1 to 1000000000, got " + d);
        }
        return d;
    }

    private static long nonZero(Object node, String path, long def) throws ConfigException {
        if (node == null) {
            return def;
        }
        if ((node instanceof Integer || node instanceof Long) && ((Number) node).longValue() != 0) {
            return ((Number) node).longValue();
        }
        throw new ConfigException(path + ": expected a non-zero whole number, got " + describe(node));
    }

    private static Duration duration(Object node, String path, Duration def) throws ConfigException {
        if (node == null) {
            return def;
        }
        Duration d = null;
        if (node instanceof Number n && n.doubleValue() > 0 && n.doubleValue() <= 86_400) {
            d = Duration.ofNanos((long) (n.doubleValue() * 1e9));
        } else if (node instanceof String s) {
            Matcher m = DURATION.matcher(s);
            if (m.matches()) {
                double v = Double.parseDouble(m.group(1));
                String unit = m.group(2) == null ? "s" : m.group(2);
                double seconds = switch (unit) {
                    case "ms" -> v / 1000;
                    case "m" -> v * 60;
                    default -> v;
                };
                if (seconds > 0 && seconds <= 86_400) {
                    d = Duration.ofNanos((long) (seconds * 1e9));
                }
            }
        }
        if (d == null || d.toMillis() < 1) {
            throw new ConfigException(path + ": expected a duration like 0.5, 500ms, 2s or 1m (seconds when "
                    + "bare, at least 1ms, at most a day), got " + describe(node));
        }
        return d;
    }

    private static String describe(Object node) {
        if (node == null) {
            return "nothing";
        }
        String kind = node instanceof Map ? "a mapping" : node instanceof List ? "a list"
                : node instanceof String ? "text" : node instanceof Boolean ? "a boolean" : "a number";
        String text = String.valueOf(node);
        return kind + " '" + (text.length() > 40 ? text.substring(0, 37) + "..." : text) + "'";
    }
}
