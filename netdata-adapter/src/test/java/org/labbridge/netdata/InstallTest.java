package org.labbridge.netdata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstallTest {

    @Test
    void installsAnExecutableLauncherAndTheSample(@TempDir Path tmp) throws Exception {
        Path plugins = tmp.resolve("plugins.d");
        Path stock = tmp.resolve("conf.d");
        Path lib = tmp.resolve("lib dir's");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = Install.run(new String[] {"--plugins-dir", plugins.toString(), "--stock-config-dir", stock.toString(),
            "--lib-dir", lib.toString(), "--java", "/opt/jdk/bin/java"}, new PrintStream(out, true, StandardCharsets.UTF_8),
                System.err);
        assertEquals(0, code, out.toString(StandardCharsets.UTF_8));
        Path launcher = plugins.resolve("labbridge.plugin");
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(launcher)));
        String script = Files.readString(launcher);
        assertTrue(script.startsWith("#!/bin/sh\n"), script);
        assertTrue(script.contains("JAVA='/opt/jdk/bin/java'"), script);
        assertTrue(script.contains("-Xmx32m") && script.contains("-XX:+UseSerialGC"), script);
        assertTrue(script.contains("-Dio.netty.allocator.type=unpooled") && script.contains("-Dio.netty.jfr.enabled=false"), script);
        assertTrue(script.contains("-cp '" + lib.toAbsolutePath() .toString().replace("'", "'\\''") + "/*' "
                + "org.labbridge.netdata.PluginMain \"$@\""), script);
        assertEquals(ConfigLoaderTest.sample(), Files.readString(stock.resolve("labbridge.conf")));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(stock.resolve("labbridge.conf"))));
        assertTrue(Files.list(lib).findAny().isPresent() || Files.isDirectory(Install.ownLibDir()),
                "the lib dir exists (classes dirs have no jars to copy)");
    }

    @Test
    void inPlaceUsesTheJarsWhereTheyAre(@TempDir Path tmp) throws Exception {
        Path plugins = tmp.resolve("plugins.d");
        int code = Install.run(new String[] {"--plugins-dir", plugins.toString(), "--stock-config-dir",
            tmp.resolve("conf.d").toString(), "--in-place"}, System.out, System.err);
        assertEquals(0, code);
        String script = Files.readString(plugins.resolve("labbridge.plugin"));
        assertTrue(script.contains("-cp '" + Install.ownLibDir().toAbsolutePath() + "/*' "), script);
    }

    @Test
    void helpNamesTheSystemLibDirAsTheDefault() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(0, Install.run(new String[] {"--help"}, new PrintStream(out, true, StandardCharsets.UTF_8), System.err));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("copy the jars there (default "
                + "/usr/local/lib/labbridge-plugin)"), out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void badOptionsAreRefused() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(2, Install.run(new String[] {"--plugin-dir", "x"}, System.out, new PrintStream(err, true)));
        assertTrue(err.toString().contains("unknown option --plugin-dir"));
        assertEquals(2, Install.run(new String[] {"--plugins-dir"}, System.out, System.err));
    }
}
