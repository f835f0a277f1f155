package org.labbridge.netdata;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The text of the {@code labbridge.plugin} shell launcher that {@link Install} writes for Netdata: it execs
 * the JVM with the options of {@code jvm.options} (small footprint, since the plugin lives as long as Netdata;
 * every JVM message on stderr, since stdout is the protocol) and {@link PluginMain}.
 * {@code LABBRIDGE_PLUGIN_JAVA_OPTS} adds options.
 */
final class Launcher {
    /** The resource (next to this class) that holds the options; the dist ships it as {@code lib/jvm.options}. */
    static final String OPTIONS_RESOURCE = "jvm.options";
    /** The plugin's JVM options, as listed in {@link #OPTIONS_RESOURCE}. */
    static final List<String> JVM_OPTIONS = parseOptions(readOptions());

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

    /** The options in the text of an options file: words split on white space, {@code #} to end of line ignored. */
    static List<String> parseOptions(String text) {
        return text.lines().map(l -> l.replaceFirst("#.*", "").trim()).filter(l -> !l.isEmpty())
                .flatMap(l -> Arrays.stream(l.split("\\s+"))).toList();
    }

    /** Single-quotes {@code s} for sh. */
    static String shellQuote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private static String readOptions() {
        try (InputStream in = Launcher.class.getResourceAsStream(OPTIONS_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(OPTIONS_RESOURCE + " is missing from the plugin's jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
