package org.labbridge.netdata;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;

/**
 * Installs the plugin into Netdata: writes an executable {@code labbridge.plugin} launcher (mode 0755)
 * into the plugins directory and the sample {@code labbridge.conf} (0644) into the stock config
 * directory. The jars are copied to a system directory ({@code --lib-dir}, default
 * {@value #DEFAULT_LIB_DIR}) that the {@code netdata} user can read and that a rebuild or {@code mvn clean}
 * of the tree they came from cannot break; {@code --in-place} points the launcher at them where they are.
 *
 * <pre>
 * Install [--plugins-dir DIR] [--stock-config-dir DIR] [--lib-dir DIR | --in-place] [--java PATH]
 * </pre>
 */
public final class Install {
    static final String DEFAULT_PLUGINS_DIR = "/usr/libexec/netdata/plugins.d";
    static final String DEFAULT_STOCK_CONFIG_DIR = "/usr/lib/netdata/conf.d";
    static final String DEFAULT_LIB_DIR = "/usr/local/lib/labbridge-plugin";

    private Install() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Path plugins = Path.of(DEFAULT_PLUGINS_DIR);
        Path stock = Path.of(DEFAULT_STOCK_CONFIG_DIR);
        Path lib = Path.of(DEFAULT_LIB_DIR);
        String java = ProcessHandle.current().info().command().orElse("java");
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-h") || a.equals("--help")) {
                out.println("usage: Install [--plugins-dir DIR] [--stock-config-dir DIR] [--lib-dir DIR | --in-place]"
                        + " [--java PATH]");
                out.println("  --plugins-dir       Netdata's plugins directory (default " + DEFAULT_PLUGINS_DIR + ")");
                out.println("  --stock-config-dir  where the sample labbridge.conf goes (default " + DEFAULT_STOCK_CONFIG_DIR + ")");
                out.println("  --lib-dir           copy the jars there (default " + DEFAULT_LIB_DIR + ")");
                out.println("  --in-place          use the jars where they are (a build tree: mvn clean breaks it)");
                out.println("  --java              the java executable (default: the one running this)");
                return 0;
            }
            if (a.equals("--in-place")) {
                lib = null;
                continue;
            }
            if (i + 1 >= args.length) {
                err.println("install: " + a + " needs a value (or unknown option)");
                return 2;
            }
            String v = args[++i];
            switch (a) {
                case "--plugins-dir" -> plugins = Path.of(v);
                case "--stock-config-dir" -> stock = Path.of(v);
                case "--lib-dir" -> lib = Path.of(v);
                case "--java" -> java = v;
                default -> {
                    err.println("install: unknown option " + a + " (see --help)");
                    return 2;
                }
            }
        }
        try {
            Path here = ownLibDir();
            if (lib == null) {
                lib = here;
            } else if (!Files.isSameFile(Files.createDirectories(lib), here)) {
                copyJars(here, lib);
            }
            Files.createDirectories(plugins);
            Path launcher = plugins.resolve(PluginMain.PLUGIN_NAME);
            Path tmp = Files.createTempFile(plugins, ".labbridge.plugin", ".tmp");
            Files.writeString(tmp, Launcher.script(java, lib));
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.move(tmp, launcher, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            out.println("installed " + launcher + " (jars in " + lib + ")");
            Files.createDirectories(stock);
            Path conf = stock.resolve("labbridge.conf");
            try (InputStream in = Install.class.getResourceAsStream("labbridge.conf")) {
                Files.copy(in, conf, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.setPosixFilePermissions(conf, PosixFilePermissions.fromString("rw-r--r--"));
            out.println("installed " + conf + " (copy it to Netdata's user config dir to edit it)");
            out.println("restart Netdata to start the plugin");
            return 0;
        } catch (IOException | RuntimeException e) {
            err.println("install: " + e);
            return 1;
        }
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
