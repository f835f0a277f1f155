package org.labbridge.netdata;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Installs the plugin into Netdata: finds where the agent reads plugins ({@link NetdataLocator}: the running
 * agent, the {@code netdata} binary, netdata.conf, the usual layouts), writes an executable
 * {@code labbridge.plugin} launcher (mode 0755) there and the sample {@code labbridge.conf} (0644) into the
 * stock config directory, where {@code edit-config labbridge.conf} finds it. Fails (exit 3) with what it asked
 * when it finds no directory Netdata reads. The jars are copied to a system directory ({@code --lib-dir},
 * default {@value #DEFAULT_LIB_DIR}) that the {@code netdata} user can read and that a rebuild or
 * {@code mvn clean} cannot break; {@code --in-place} points the launcher at them where they are.
 * {@code --uninstall} removes what an install wrote (never the user's own {@code labbridge.conf}).
 */
public final class Install {
    static final String DEFAULT_LIB_DIR = "/usr/local/lib/labbridge-plugin";
    static final String DEFAULT_AGENT_URL = "http://127.0.0.1:19999";
    static final String DEFAULT_STOCK_CONFIG_DIR = "/usr/lib/netdata/conf.d";
    /** Exit code when no directory Netdata reads plugins from was found. */
    static final int NOT_FOUND = 3;
    private static final String USAGE = "usage: install [--plugins-dir DIR] [--stock-config-dir DIR] "
            + "[--lib-dir DIR | --in-place] [--java PATH] [--netdata-url URL|none] [--netdata PATH] [--root DIR] "
            + "[--dry-run] [--uninstall]";

    private Install() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, System.getenv(), out, err);
    }

    /** The options after parsing. */
    private static final class Options {
        Path plugins;
        Path stock;
        Path lib = Path.of(DEFAULT_LIB_DIR);
        String java = ProcessHandle.current().info().command().orElse("java");
        URI agent = URI.create(DEFAULT_AGENT_URL);
        Path netdata;
        Path root = Path.of("/");
        boolean dryRun;
        boolean uninstall;
    }

    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        Options o = new Options();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "-h", "--help" -> {
                    help(out);
                    return 0;
                }
                case "--in-place" -> {
                    o.lib = null;
                    continue;
                }
                case "--dry-run" -> {
                    o.dryRun = true;
                    continue;
                }
                case "--uninstall" -> {
                    o.uninstall = true;
                    continue;
                }
                default -> {
                }
            }
            if (i + 1 >= args.length) {
                err.println("install: " + a + " needs a value (or unknown option)");
                return 2;
            }
            String v = args[++i];
            switch (a) {
                case "--plugins-dir" -> o.plugins = Path.of(v);
                case "--stock-config-dir" -> o.stock = Path.of(v);
                case "--lib-dir" -> o.lib = Path.of(v);
                case "--java" -> o.java = v;
                case "--netdata-url" -> o.agent = v.equals("none") ? null : URI.create(v);
                case "--netdata" -> o.netdata = Path.of(v);
                case "--root" -> o.root = Path.of(v);
                default -> {
                    err.println("install: unknown option " + a + " (see --help)");
                    return 2;
                }
            }
        }
        NetdataLocator locator = new NetdataLocator(o.root, o.agent, o.netdata, env.get("PATH"));
        try {
            return o.uninstall ? uninstall(o, locator, out) : install(o, locator, out, err);
        } catch (IOException | RuntimeException e) {
            err.println("install: " + e);
            return 1;
        }
    }

    private static void help(PrintStream out) {
        out.println(USAGE);
        out.println("  --plugins-dir       install the launcher there instead of where Netdata is found to read plugins");
        out.println("  --stock-config-dir  where the sample labbridge.conf goes (default: Netdata's stock config dir,");
        out.println("                      where edit-config finds it; " + DEFAULT_STOCK_CONFIG_DIR + " on Debian)");
        out.println("  --lib-dir           copy the jars there (default " + DEFAULT_LIB_DIR + ")");
        out.println("  --in-place          use the jars where they are (a build tree: mvn clean breaks it)");
        out.println("  --java              the java executable (default: the one running this)");
        out.println("  --netdata-url       the running agent to ask (default " + DEFAULT_AGENT_URL + "; none: do not ask)");
        out.println("  --netdata           the netdata binary to ask (default: PATH, /usr/sbin, /opt/netdata/bin)");
        out.println("  --root              look for Netdata's files under DIR (a chroot or image being built)");
        out.println("  --dry-run           say where it would install, change nothing");
        out.println("  --uninstall         remove the launcher, the sample config and the jars (keeps your labbridge.conf)");
    }

    private static int install(Options o, NetdataLocator locator, PrintStream out, PrintStream err) throws IOException {
        Optional<NetdataLocator.Layout> layout = o.plugins != null && o.stock != null ? Optional.empty()
                : locator.locate();
        Path plugins = o.plugins;
        if (layout.isPresent()) {
            NetdataLocator.Layout l = layout.get();
            out.println("Netdata reads plugins from " + String.join(" ", l.pluginsDirs().stream().map(Path::toString)
                    .toList()) + " (found by " + l.foundBy() + ")");
            if (plugins != null && !l.pluginsDirs().contains(plugins.toAbsolutePath().normalize())) {
                err.println("install: warning: " + plugins + " is not among them: Netdata will not run the plugin "
                        + "unless netdata.conf [directories] plugins lists it");
            }
            if (plugins == null) {
                plugins = l.installDir();
            }
        } else if (plugins == null) {
            err.println("install: cannot find a directory Netdata reads plugins from. Asked:");
            locator.tried().forEach(t -> err.println("  - " + t));
            err.println("Is Netdata installed (e.g. apt-get install netdata-core) and, if it runs, answering at "
                    + (o.agent == null ? DEFAULT_AGENT_URL : o.agent) + "? Else give --plugins-dir DIR, a directory "
                    + "listed in netdata.conf [directories] plugins.");
            return NOT_FOUND;
        }
        Path stock = o.stock != null ? o.stock
                : layout.map(NetdataLocator.Layout::stockConfigDir).orElse(null);
        if (stock == null) {
            stock = o.root.resolve(DEFAULT_STOCK_CONFIG_DIR.substring(1));
        }
        Path user = layout.map(NetdataLocator.Layout::userConfigDir).orElse(null);
        Path launcher = plugins.resolve(PluginMain.PLUGIN_NAME);
        if (o.dryRun) {
            out.println("would install " + launcher + " (jars in " + (o.lib == null ? ownLibDir() : o.lib) + ") and "
                    + stock.resolve("labbridge.conf"));
            return 0;
        }
        Path here = ownLibDir();
        Path lib = o.lib;
        if (lib == null) {
            lib = here;
        } else if (!Files.isSameFile(Files.createDirectories(lib), here)) {
            copyJars(here, lib);
        }
        Files.createDirectories(plugins);
        Path tmp = Files.createTempFile(plugins, ".labbridge.plugin", ".tmp");
        Files.writeString(tmp, Launcher.script(o.java, lib));
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.move(tmp, launcher, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        out.println("installed " + launcher + " (jars in " + lib + ")");
        Files.createDirectories(stock);
        Path conf = stock.resolve("labbridge.conf");
        try (InputStream in = Install.class.getResourceAsStream("labbridge.conf")) {
            Files.copy(in, conf, StandardCopyOption.REPLACE_EXISTING);
        }
        Files.setPosixFilePermissions(conf, PosixFilePermissions.fromString("rw-r--r--"));
        out.println("installed " + conf + " (every option, commented; "
                + (user == null ? "copy it to Netdata's user config dir to edit it"
                : "edit it with: cd " + user + " && sudo ./edit-config labbridge.conf") + ")");
        out.println("restart Netdata to start the plugin now (sudo systemctl restart netdata); a running agent also "
                + "finds it by itself within a minute ([plugins] check for new plugins every = 60)");
        return 0;
    }

    private static int uninstall(Options o, NetdataLocator locator, PrintStream out) throws IOException {
        Set<Path> pluginDirs = new LinkedHashSet<>();
        Set<Path> stockDirs = new LinkedHashSet<>();
        Path user = null;
        if (o.plugins != null) {
            // given directories: only there (no other agent's files are touched)
            pluginDirs.add(o.plugins);
            if (o.stock != null) {
                stockDirs.add(o.stock);
            }
        } else {
            Optional<NetdataLocator.Layout> layout = locator.locate();
            if (layout.isPresent()) {
                pluginDirs.addAll(layout.get().pluginsDirs());
                if (layout.get().stockConfigDir() != null) {
                    stockDirs.add(layout.get().stockConfigDir());
                }
                user = layout.get().userConfigDir();
            }
            pluginDirs.addAll(locator.knownPluginsDirs());
            stockDirs.add(o.stock != null ? o.stock : o.root.resolve(DEFAULT_STOCK_CONFIG_DIR.substring(1)));
        }
        List<Path> removed = new ArrayList<>();
        for (Path dir : pluginDirs) {
            Path launcher = dir.resolve(PluginMain.PLUGIN_NAME);
            // only our launcher: a different labbridge.plugin is not ours to delete
            if (Files.isRegularFile(launcher) && Files.readString(launcher).contains(PluginMain.class.getName())
                    && Files.deleteIfExists(launcher)) {
                removed.add(launcher);
            }
        }
        for (Path dir : stockDirs) {
            if (Files.deleteIfExists(dir.resolve("labbridge.conf"))) {
                removed.add(dir.resolve("labbridge.conf"));
            }
        }
        Path lib = o.lib;
        // only a directory holding our jar (the default, or --lib-dir) is removed; --in-place leaves the jars
        if (lib != null && Files.isRegularFile(lib.resolve("netdata-adapter.jar"))) {
            try (Stream<Path> files = Files.list(lib)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Files.delete(f);
                }
            }
            Files.delete(lib);
            removed.add(lib);
        }
        removed.forEach(p -> out.println("removed " + p));
        if (removed.isEmpty()) {
            out.println("nothing to remove: no labbridge.plugin installed by this installer was found");
        }
        if (user != null && Files.exists(user.resolve("labbridge.conf"))) {
            out.println("kept " + user.resolve("labbridge.conf") + " (your configuration)");
        }
        if (!removed.isEmpty()) {
            out.println("restart Netdata to stop the plugin now (sudo systemctl restart netdata)");
        }
        return 0;
    }

    /** The directory of the jar (or classes directory's parent) this class was loaded from. */
    static Path ownLibDir() throws IOException {
        try {
            Path self = Path.of(Install.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return Files.isDirectory(self) ? self : self.getParent();
        } catch (URISyntaxException e) {
            throw new IOException("cannot locate my own jar", e);
        }
    }

    private static void copyJars(Path from, Path to) throws IOException {
        try (Stream<Path> jars = Files.list(from)) {
            for (Path jar : (Iterable<Path>) jars.filter(p -> p.toString().endsWith(".jar"))::iterator) {
                Files.copy(jar, to.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
