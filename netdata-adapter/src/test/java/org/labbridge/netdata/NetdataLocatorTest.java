package org.labbridge.netdata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The installer against fake roots: a fake {@code netdata} on PATH printing what real agents print, a fake
 * running agent (a JDK HttpServer), netdata.conf files and bare layouts; and nothing at all.
 */
class NetdataLocatorTest {
    /** What Debian's netdata-core 1.37.1 prints (configure options only, the last --libdir wins). */
    static final String BUILDINFO_1_37 = """
            Version: netdata v1.37.1
            Configure options:  '--build=x86_64-linux-gnu' '--prefix=/usr' '--sysconfdir=/etc' '--libdir=${prefix}/lib/x86_64-linux-gnu' '--libdir=/usr/lib' '--libexecdir=/usr/lib' '--disable-cloud'
            Install type: unknown
            Plugins:
                apps:                    YES
            """;
    /** What newer agents print: their directories. */
    static final String BUILDINFO_NEW = """
            Packaging:
                Netdata Version ____________________________________________ : v1.44.0
            Default Directories:
                User Configurations:        /etc/netdata
                Stock Configurations:       /usr/lib/netdata/conf.d
                Plugins:                    /usr/libexec/netdata/plugins.d
                Log Files:                  /var/log/netdata
            """;

    private record Result(int code, String out, String err) {
    }

    private static Result install(Path root, Map<String, String> env, String... extra) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] args = java.util.stream.Stream.concat(java.util.stream.Stream.of("--root", root.toString(),
                "--lib-dir", root.resolve("usr/local/lib/labbridge-plugin").toString()), java.util.Arrays.stream(extra))
                .toArray(String[]::new);
        int code = Install.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** A fake netdata on PATH: {@code -W buildinfo} prints {@code buildinfo}; {@code -W get} prints {@code get} or fails. */
    private static Map<String, String> fakeNetdataOnPath(Path tmp, String buildinfo, String get) throws Exception {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Files.writeString(tmp.resolve("buildinfo.txt"), buildinfo);
        Path netdata = bin.resolve("netdata");
        Files.writeString(netdata, "#!/bin/sh\n"
                + "for a in \"$@\"; do case \"$a\" in buildinfo) cat '" + tmp.resolve("buildinfo.txt") + "'; exit 0;; "
                + "get) " + (get == null ? "echo 'unknown -W get' >&2; exit 1" : "break") + ";; esac; done\n"
                + (get == null ? "exit 1\n" : "case \"$*\" in *plugins*) echo '" + get + "';; "
                + "*'stock config'*) echo /usr/lib/netdata/conf.d;; *config*) echo /etc/netdata;; esac\n"));
        Files.setPosixFilePermissions(netdata, PosixFilePermissions.fromString("rwxr-xr-x"));
        return Map.of("PATH", bin.toString());
    }

    private static void assertInstalled(Path launcher, Path stockConf, Result r) throws Exception {
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(Files.isExecutable(launcher), launcher + "\n" + r.out());
        assertTrue(Files.readString(launcher).contains(PluginMain.class.getName()));
        assertEquals(ConfigLoaderTest.sample(), Files.readString(stockConf));
    }

    @Test
    void debian137BuildinfoLeadsToCustomPluginsDAndTheStockConfigDir(@TempDir Path tmp) throws Exception {
        Path root = Files.createDirectories(tmp.resolve("root"));
        Result r = install(root, fakeNetdataOnPath(tmp, BUILDINFO_1_37, null), "--netdata-url", "none");
        assertInstalled(root.resolve("etc/netdata/custom-plugins.d/labbridge.plugin"),
                root.resolve("usr/lib/netdata/conf.d/labbridge.conf"), r);
        assertTrue(r.out().contains("Netdata reads plugins from " + root.resolve("usr/lib/netdata/plugins.d") + " "
                + root.resolve("etc/netdata/custom-plugins.d")), r.out());
        assertTrue(r.out().contains("-W buildinfo"), r.out());
        assertTrue(r.out().contains("cd " + root.resolve("etc/netdata") + " && sudo ./edit-config labbridge.conf"), r.out());
    }

    @Test
    void newerAgentsNameTheirDirectories(@TempDir Path tmp) throws Exception {
        Path root = Files.createDirectories(tmp.resolve("root"));
        Result r = install(root, fakeNetdataOnPath(tmp, BUILDINFO_NEW, null), "--netdata-url", "none");
        assertInstalled(root.resolve("etc/netdata/custom-plugins.d/labbridge.plugin"),
                root.resolve("usr/lib/netdata/conf.d/labbridge.conf"), r);
        assertTrue(r.out().contains(root.resolve("usr/libexec/netdata/plugins.d").toString()), r.out());
    }

    @Test
    void netdataWGetIsAskedFirst(@TempDir Path tmp) throws Exception {
        Path root = Files.createDirectories(tmp.resolve("root"));
        Result r = install(root, fakeNetdataOnPath(tmp, BUILDINFO_NEW, "\"/srv/nd/plugins.d\""), "--netdata-url", "none");
        assertInstalled(root.resolve("srv/nd/plugins.d/labbridge.plugin"), root.resolve("usr/lib/netdata/conf.d/labbridge.conf"), r);
        assertTrue(r.out().contains("-W get directories plugins"), r.out());
    }

    @Test
    void theRunningAgentsEffectiveConfigWins(@TempDir Path tmp) throws Exception {
        Path root = Files.createDirectories(tmp.resolve("root"));
        HttpServer agent = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        Map<String, String> pages = Map.of("/api/v1/info", "{\"version\": \"v1.37.1\", \"uid\": \"x\"}",
                "/netdata.conf", """
                        [global]
                        \t# hostname = lab
                        [directories]
                        \t# config = /etc/netdata
                        \t# stock config = /usr/lib/netdata/conf.d
                        \t# plugins = "/usr/lib/netdata/plugins.d" "/etc/netdata/custom-plugins.d"
                        \tplugins = "/var/lib/nd/plugins.d"
                        [plugins]
                        \t# plugins = no
                        """);
        agent.createContext("/", ex -> {
            String body = pages.get(ex.getRequestURI().getPath());
            byte[] b = (body == null ? "" : body).getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(body == null ? 404 : 200, b.length == 0 ? -1 : b.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(b);
            }
        });
        agent.start();
        try {
            Result r = install(root, fakeNetdataOnPath(tmp, BUILDINFO_1_37, null), "--netdata-url",
                    "http://127.0.0.1:" + agent.getAddress().getPort());
            assertInstalled(root.resolve("var/lib/nd/plugins.d/labbridge.plugin"),
                    root.resolve("usr/lib/netdata/conf.d/labbridge.conf"), r);
            assertTrue(r.out().contains("found by the running agent"), r.out());
        } finally {
            agent.stop(0);
        }
    }

    @Test
    void netdataConfOnDiskThenTheUsualLayouts(@TempDir Path tmp) throws Exception {
        Path root = Files.createDirectories(tmp.resolve("root"));
        Map<String, String> noBinary = Map.of("PATH", Files.createDirectories(tmp.resolve("empty")).toString());
        Files.createDirectories(root.resolve("opt/netdata/usr/libexec/netdata/plugins.d"));
        Result r = install(root, noBinary, "--netdata-url", "none");
        assertInstalled(root.resolve("opt/netdata/etc/netdata/custom-plugins.d/labbridge.plugin"),
                root.resolve("opt/netdata/usr/lib/netdata/conf.d/labbridge.conf"), r);
        assertTrue(r.out().contains("static install"), r.out());

        Files.createDirectories(root.resolve("etc/netdata"));
        Files.writeString(root.resolve("etc/netdata/netdata.conf"), "[directories]\n  # plugins = /nope\n  plugins = /x/plugins.d\n");
        r = install(root, noBinary, "--netdata-url", "none");
        assertInstalled(root.resolve("x/plugins.d/labbridge.plugin"), root.resolve("usr/lib/netdata/conf.d/labbridge.conf"), r);
    }

    @Test
    void withNoNetdataItSaysWhatItAskedAndFails(@TempDir Path tmp) throws Exception {
        Path root = Files.createDirectories(tmp.resolve("root"));
        Result r = install(root, Map.of("PATH", Files.createDirectories(tmp.resolve("empty")).toString()),
                "--netdata-url", "http://127.0.0.1:1");
        assertEquals(Install.NOT_FOUND, r.code());
        assertTrue(r.err().contains("cannot find a directory Netdata reads plugins from"), r.err());
        assertTrue(r.err().contains("the running agent at http://127.0.0.1:1") && r.err().contains("netdata binary")
                && r.err().contains("/usr/lib/netdata/plugins.d") && r.err().contains("--plugins-dir"), r.err());
        try (var files = Files.walk(root)) {
            assertEquals(List.of(root), files.toList(), "nothing written");
        }
    }

    @Test
    void anOverrideOutsideWhatNetdataReadsIsInstalledWithAWarning(@TempDir Path tmp) throws Exception {
        Path root = Files.createDirectories(tmp.resolve("root"));
        Path elsewhere = tmp.resolve("elsewhere");
        Result r = install(root, fakeNetdataOnPath(tmp, BUILDINFO_1_37, null), "--netdata-url", "none",
                "--plugins-dir", elsewhere.toString());
        assertInstalled(elsewhere.resolve("labbridge.plugin"), root.resolve("usr/lib/netdata/conf.d/labbridge.conf"), r);
        assertTrue(r.err().contains("is not among them"), r.err());
    }

    @Test
    void dryRunChangesNothingAndUninstallRemovesWhatInstallWroteButNotTheUsersConfig(@TempDir Path tmp)
            throws Exception {
        Path root = Files.createDirectories(tmp.resolve("root"));
        Map<String, String> env = fakeNetdataOnPath(tmp, BUILDINFO_1_37, null);
        Result dry = install(root, env, "--netdata-url", "none", "--dry-run");
        assertEquals(0, dry.code());
        assertTrue(dry.out().contains("would install " + root.resolve("etc/netdata/custom-plugins.d/labbridge.plugin")),
                dry.out());
        try (var files = Files.walk(root)) {
            assertEquals(List.of(root), files.toList(), "a dry run writes nothing");
        }
        assertEquals(0, install(root, env, "--netdata-url", "none").code());
        Files.writeString(root.resolve("etc/netdata/labbridge.conf"), "jobs: {}\n");
        Path foreign = Files.createDirectories(root.resolve("usr/lib/netdata/plugins.d")).resolve("labbridge.plugin");
        Files.writeString(foreign, "#!/bin/sh\necho someone else's\n");
        Result u = install(root, env, "--netdata-url", "none", "--uninstall");
        assertEquals(0, u.code(), u.err());
        assertFalse(Files.exists(root.resolve("etc/netdata/custom-plugins.d/labbridge.plugin")));
        assertFalse(Files.exists(root.resolve("usr/lib/netdata/conf.d/labbridge.conf")));
        assertTrue(Files.exists(foreign), "a labbridge.plugin that is not ours stays");
        assertTrue(Files.exists(root.resolve("etc/netdata/labbridge.conf")), "the user's configuration stays");
        assertTrue(u.out().contains("kept " + root.resolve("etc/netdata/labbridge.conf")), u.out());
        assertTrue(u.out().contains("removed " + root.resolve("etc/netdata/custom-plugins.d/labbridge.plugin")), u.out());
        Result again = install(root, env, "--netdata-url", "none", "--uninstall");
        assertTrue(again.out().contains("nothing to remove"), again.out());
    }
}
