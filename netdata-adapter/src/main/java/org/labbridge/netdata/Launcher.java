package org.labbridge.netdata;

import java.nio.file.Path;
import java.util.List;

/**
 * The text of the {@code labbridge.plugin} shell launcher that Netdata executes: it execs the JVM with
 * small-footprint options (the plugin lives as long as Netdata, so it must stay small and quiet) and
 * {@link PluginMain}. {@code LABBRIDGE_PLUGIN_JAVA_OPTS} adds options.
 */
final class Launcher {
    /**
     * Small heap given back early (serial GC, at most 20 % free), C1 only, small stacks, no perf-data file in
     * /tmp. For bridge jobs' Netty: unpooled buffers (a few small messages a second need no arenas) and no
     * JFR events (which would load ~65 jdk.jfr classes); together with the heap ratios about -4 MB RSS.
     * Keep in step with {@code src/dist/bin/labbridge.plugin}.
     */
    static final List<String> JVM_OPTIONS = List.of("-Xms8m", "-Xmx32m", "-XX:+UseSerialGC",
            "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=20",
            "-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1", "-Xss256k", "-XX:MaxMetaspaceSize=48m",
            "-XX:ReservedCodeCacheSize=16m", "-XX:MaxDirectMemorySize=8m", "-XX:-UsePerfData",
            "-XX:+ExitOnOutOfMemoryError", "-Dio.netty.allocator.type=unpooled", "-Dio.netty.jfr.enabled=false",
            "-Dlabbridge.log.level=${LABBRIDGE_LOG_LEVEL:-WARN}");

    private Launcher() {
    }

    /** A launcher for jars in {@code libDir} run by {@code java} (absolute, or a command on PATH). */
    static String script(String java, Path libDir) {
        return "#!/bin/sh\n"
                + "# labbridge.plugin: Netdata external plugin launcher, written by labbridge's installer.\n"
                + "# Netdata runs it as: labbridge.plugin <update_every>. Extra JVM options: LABBRIDGE_PLUGIN_JAVA_OPTS.\n"
                + "JAVA=" + shellQuote(java) + "\n"
                + "[ -x \"$JAVA\" ] || JAVA=java\n"
                + "# shellcheck disable=SC2086\n"
                + "exec \"$JAVA\" " + String.join(" ", JVM_OPTIONS) + " $LABBRIDGE_PLUGIN_JAVA_OPTS -cp "
                + shellQuote(libDir.toAbsolutePath().normalize() + "/*") + " " + PluginMain.class.getName()
                + " \"$@\"\n";
    }

    /** Single-quotes {@code s} for sh. */
    static String shellQuote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
