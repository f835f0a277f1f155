package org.labbridge.netdata;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds where a Netdata agent reads plugins and config, asking in this order: the running agent (its
 * {@code /api/v1/info}, then its effective {@code /netdata.conf}), the {@code netdata} binary
 * ({@code -W get directories plugins}, else the configure options and directories of {@code -W buildinfo}),
 * {@code netdata.conf [directories] plugins} on disk, and finally the usual layouts (Debian/Ubuntu packages,
 * the static {@code /opt/netdata} install, source builds) whose plugins directory exists. Paths are looked up
 * under {@code root} ({@code /} normally; a fake root in tests).
 */
final class NetdataLocator {
    /** Where Netdata reads plugins, its user and stock config directories, and how that was found. */
    record Layout(List<Path> pluginsDirs, Path userConfigDir, Path stockConfigDir, String foundBy) {
        Layout {
            pluginsDirs = List.copyOf(pluginsDirs);
        }

        /**
         * The directory to install into: the one in the user config dir ({@code custom-plugins.d}, meant for
         * third-party plugins and untouched by package upgrades) when Netdata reads it, else the first.
         */
        Path installDir() {
            return pluginsDirs.stream().filter(p -> p.getFileName().toString().equals("custom-plugins.d")).findFirst()
                    .orElse(pluginsDirs.get(0));
        }
    }

    /** A usual layout: its plugins dirs (the first must exist for it to count), user and stock config dirs. */
    private record Known(String name, List<String> plugins, String user, String stock) {
    }

    static final List<String> KNOWN_CONF_FILES = List.of("/etc/netdata/netdata.conf",
            "/opt/netdata/etc/netdata/netdata.conf", "/usr/local/etc/netdata/netdata.conf");
    private static final List<Known> KNOWN = List.of(
            new Known("Debian/Ubuntu package", List.of("/usr/lib/netdata/plugins.d", "/etc/netdata/custom-plugins.d"),
                    "/etc/netdata", "/usr/lib/netdata/conf.d"),
            new Known("static install (/opt/netdata)", List.of("/opt/netdata/usr/libexec/netdata/plugins.d",
                    "/opt/netdata/etc/netdata/custom-plugins.d"), "/opt/netdata/etc/netdata",
                    "/opt/netdata/usr/lib/netdata/conf.d"),
            new Known("source build or RPM", List.of("/usr/libexec/netdata/plugins.d", "/etc/netdata/custom-plugins.d"),
                    "/etc/netdata", "/usr/lib/netdata/conf.d"),
            new Known("source build in /usr/local", List.of("/usr/local/libexec/netdata/plugins.d",
                    "/usr/local/etc/netdata/custom-plugins.d"), "/usr/local/etc/netdata", "/usr/local/lib/netdata/conf.d"));
    private static final List<String> KNOWN_BINARIES = List.of("/usr/sbin/netdata", "/opt/netdata/bin/netdata",
            "/usr/local/sbin/netdata", "/usr/bin/netdata");
    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration PROCESS_TIMEOUT = Duration.ofSeconds(20);
    private static final Pattern QUOTED = Pattern.compile("\"([^\"]*)\"|(\\S+)");

    private final Path root;
    private final URI agent;
    private final Path binary;
    private final String pathEnv;
    /** What each way of asking answered, for the message when none worked. */
    private final List<String> tried = new ArrayList<>();

    /**
     * @param root    where the file system's {@code /} is ({@code /} normally)
     * @param agent   the running agent's base URL, or null to not ask it
     * @param binary  the netdata executable, or null to look on {@code pathEnv} and the usual places
     * @param pathEnv the {@code PATH} to search
     */
    NetdataLocator(Path root, URI agent, Path binary, String pathEnv) {
        this.root = root;
        this.agent = agent;
        this.binary = binary;
        this.pathEnv = pathEnv == null ? "" : pathEnv;
    }

    /** What was asked and why it did not tell (after an empty {@link #locate()}). */
    List<String> tried() {
        return tried;
    }

    /** The layout, or empty when no way of asking found a directory Netdata reads. */
    Optional<Layout> locate() {
        for (var way : List.<java.util.function.Supplier<Optional<Layout>>>of(this::fromAgent, this::fromBinary,
                this::fromConfFiles, this::fromKnownLayouts)) {
            Optional<Layout> found = way.get();
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /** Every plugins directory of the usual layouts that exists (uninstall looks there too). */
    List<Path> knownPluginsDirs() {
        List<Path> out = new ArrayList<>();
        for (Known k : KNOWN) {
            for (String p : k.plugins()) {
                Path d = under(p);
                if (Files.isDirectory(d) && !out.contains(d)) {
                    out.add(d);
                }
            }
        }
        return out;
    }

    private Optional<Layout> fromAgent() {
        if (agent == null) {
            return Optional.empty();
        }
        String base = agent.toString().replaceAll("/+$", "");
        try {
            String info = get(base + "/api/v1/info");
            if (!info.contains("\"version\"")) {
                tried.add(base + "/api/v1/info: not a Netdata agent");
                return Optional.empty();
            }
            Map<String, String> dirs = directories(get(base + "/netdata.conf"), true);
            return layout(dirs, "the running agent at " + base);
        } catch (IOException e) {
            tried.add("the running agent at " + base + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    private Optional<Layout> fromBinary() {
        Path netdata = binary != null ? binary : findBinary();
        if (netdata == null) {
            tried.add("the netdata binary: none on PATH or in " + String.join(", ", KNOWN_BINARIES));
            return Optional.empty();
        }
        List<String> conf = new ArrayList<>();
        for (String c : KNOWN_CONF_FILES) {
            if (Files.isRegularFile(under(c))) {
                conf = List.of("-c", under(c).toString());
                break;
            }
        }
        String plugins = lastLine(run(netdata, conf, "-W", "get", "directories", "plugins", ""));
        if (plugins != null && plugins.startsWith("\"") || plugins != null && plugins.startsWith("/")) {
            Map<String, String> dirs = new java.util.HashMap<>();
            dirs.put("plugins", plugins);
            dirs.put("config", lastLine(run(netdata, conf, "-W", "get", "directories", "config", "")));
            dirs.put("stock config", lastLine(run(netdata, conf, "-W", "get", "directories", "stock config", "")));
            return layout(dirs, netdata + " -W get directories plugins");
        }
        String buildinfo = run(netdata, List.of(), "-W", "buildinfo");
        if (buildinfo == null) {
            tried.add(netdata + ": neither -W get nor -W buildinfo answered");
            return Optional.empty();
        }
        return fromBuildinfo(buildinfo, netdata + " -W buildinfo");
    }

    /**
     * Newer agents print their directories ({@code Plugins: /usr/libexec/netdata/plugins.d}); older ones only
     * the configure options, from which the autotools layout follows ({@code --libexecdir}, {@code --sysconfdir},
     * {@code --libdir}, {@code --prefix}; the last of a repeated option wins, as in configure).
     */
    Optional<Layout> fromBuildinfo(String buildinfo, String how) {
        String plugins = labelled(buildinfo, "Plugins");
        String user = labelled(buildinfo, "User Configurations");
        String stock = labelled(buildinfo, "Stock Configurations");
        if (plugins == null) {
            String prefix = option(buildinfo, "prefix", "/usr/local");
            String libexec = option(buildinfo, "libexecdir", prefix + "/libexec");
            String sysconf = option(buildinfo, "sysconfdir", prefix + "/etc");
            String lib = option(buildinfo, "libdir", prefix + "/lib");
            if (!buildinfo.contains("Configure options")) {
                tried.add(how + ": names no directories and no configure options");
                return Optional.empty();
            }
            plugins = libexec + "/netdata/plugins.d";
            user = sysconf + "/netdata";
            stock = lib + "/netdata/conf.d";
        }
        Map<String, String> dirs = new java.util.HashMap<>();
        dirs.put("plugins", "\"" + plugins + "\"" + (user == null ? "" : " \"" + user + "/custom-plugins.d\""));
        dirs.put("config", user);
        dirs.put("stock config", stock);
        return layout(dirs, how);
    }

    private Optional<Layout> fromConfFiles() {
        for (String c : KNOWN_CONF_FILES) {
            Path file = under(c);
            if (!Files.isRegularFile(file)) {
                continue;
            }
            try {
                Map<String, String> dirs = directories(Files.readString(file, StandardCharsets.UTF_8), false);
                if (dirs.containsKey("plugins")) {
                    return layout(dirs, c + " [directories] plugins");
                }
            } catch (IOException e) {
                tried.add(c + ": " + e.getMessage());
            }
        }
        tried.add("netdata.conf: no [directories] plugins in " + String.join(", ", KNOWN_CONF_FILES));
        return Optional.empty();
    }

    private Optional<Layout> fromKnownLayouts() {
        for (Known k : KNOWN) {
            if (Files.isDirectory(under(k.plugins().get(0)))) {
                return Optional.of(new Layout(k.plugins().stream().map(this::under).toList(), under(k.user()),
                        under(k.stock()), "the " + k.name() + " layout (" + k.plugins().get(0) + " exists)"));
            }
        }
        tried.add("the usual layouts: none of " + String.join(", ", KNOWN.stream().map(k -> k.plugins().get(0))
                .toList()) + " exists");
        return Optional.empty();
    }

    private Optional<Layout> layout(Map<String, String> dirs, String how) {
        String plugins = dirs.get("plugins");
        List<Path> list = new ArrayList<>();
        if (plugins != null) {
            Matcher m = QUOTED.matcher(plugins);
            while (m.find()) {
                String p = m.group(1) != null ? m.group(1) : m.group(2);
                if (p.startsWith("/")) {
                    list.add(under(p));
                }
            }
        }
        if (list.isEmpty()) {
            tried.add(how + ": names no plugins directory");
            return Optional.empty();
        }
        String user = dirs.get("config");
        String stock = dirs.get("stock config");
        return Optional.of(new Layout(list, user == null || !user.startsWith("/") ? null : under(user),
                stock == null || !stock.startsWith("/") ? null : under(stock), how));
    }

    /**
     * The {@code [directories]} options of a netdata.conf; {@code served}: the agent's effective config, whose
     * defaults are commented out ({@code # plugins = ...}) but still what it uses.
     */
    static Map<String, String> directories(String conf, boolean served) {
        Map<String, String> out = new java.util.HashMap<>();
        boolean inDirectories = false;
        for (String raw : conf.split("\n")) {
            String line = raw.strip();
            if (line.startsWith("[")) {
                inDirectories = line.equals("[directories]");
                continue;
            }
            if (!inDirectories) {
                continue;
            }
            if (line.startsWith("#")) {
                if (!served) {
                    continue;
                }
                line = line.substring(1).strip();
            }
            int eq = line.indexOf('=');
            if (eq > 0) {
                String key = line.substring(0, eq).strip();
                // an explicit setting wins over a commented default of the same key
                if (!raw.strip().startsWith("#") || !out.containsKey(key)) {
                    out.put(key, line.substring(eq + 1).strip());
                }
            }
        }
        return out;
    }

    private static String labelled(String text, String label) {
        Matcher m = Pattern.compile("(?m)^\\s*" + Pattern.quote(label) + ":\\s+(/\\S*)\\s*$").matcher(text);
        return m.find() ? m.group(1) : null;
    }

    private static String option(String buildinfo, String name, String def) {
        Matcher m = Pattern.compile("'?--" + name + "=([^'\\s]+)'?").matcher(buildinfo);
        String last = null;
        while (m.find()) {
            last = m.group(1);
        }
        return last == null || last.contains("${") ? def : last;
    }

    private Path findBinary() {
        for (String dir : pathEnv.split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "netdata"))) {
                return Path.of(dir, "netdata");
            }
        }
        for (String b : KNOWN_BINARIES) {
            if (Files.isExecutable(under(b))) {
                return under(b);
            }
        }
        return null;
    }

    /** The command's stdout, or null when it did not end in time or failed. */
    private String run(Path netdata, List<String> conf, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(netdata.toString());
        cmd.addAll(conf);
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            p.getOutputStream().close();
            byte[] out;
            try (InputStream in = p.getInputStream()) {
                out = in.readNBytes(1 << 20);
            }
            if (!p.waitFor(PROCESS_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            return p.exitValue() == 0 ? new String(out, StandardCharsets.UTF_8) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static String lastLine(String text) {
        if (text == null) {
            return null;
        }
        List<String> lines = text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        return lines.isEmpty() ? null : lines.get(lines.size() - 1);
    }

    private static String get(String url) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
        try {
            c.setConnectTimeout((int) HTTP_TIMEOUT.toMillis());
            c.setReadTimeout((int) HTTP_TIMEOUT.toMillis());
            int status = c.getResponseCode();
            if (status != 200) {
                throw new IOException(url + " answered HTTP " + status);
            }
            try (InputStream in = c.getInputStream()) {
                return new String(in.readNBytes(4 << 20), StandardCharsets.UTF_8);
            }
        } finally {
            c.disconnect();
        }
    }

    /** {@code path} (absolute) under the root. */
    private Path under(String path) {
        return root.resolve(path.replaceFirst("^/+", ""));
    }
}
