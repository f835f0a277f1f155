package org.labbridge.netdata;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The single writer of the plugin's stdout. Every call writes one complete block (a tick's
 * {@code CHART/BEGIN/SET/END} lines, or one function result) and flushes, under one lock, so blocks from
 * the collection thread and the function thread never interleave. {@link PrintStream} swallows I/O
 * errors, so {@link PrintStream#checkError()} is asked after every block: once stdout is broken the
 * plugin must exit (SIGPIPE is ignored in Netdata's plugins).
 */
final class PluginOutput {
    private final PrintStream out;
    private volatile boolean failed;

    /** Writes to {@code stdout}, which must encode UTF-8 and must not be wrapped in another PrintStream. */
    PluginOutput(PrintStream stdout) {
        this.out = stdout;
    }

    /** The process's real stdout (not {@code System.out}, whose charset follows the locale) in UTF-8. */
    static PluginOutput stdout() {
        return new PluginOutput(new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8));
    }

    /** Writes and flushes {@code block}; false when stdout is broken (now or before). */
    synchronized boolean write(String block) {
        if (failed) {
            return false;
        }
        if (!block.isEmpty()) {
            out.print(block);
        }
        out.flush();
        if (out.checkError()) {
            failed = true;
        }
        return !failed;
    }

    /** Whether a write has failed. */
    boolean failed() {
        return failed;
    }
}
