package org.labbridge.netdata;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The single writer of the plugin's stdout. Every call writes one complete block in one {@code write} (a tick's
 * {@code CHART/BEGIN/SET/END} lines, or one function result) and flushes, under one lock, so blocks from
 * the collection thread and the function thread never interleave. {@link PrintStream} swallows I/O
 * errors, so {@link PrintStream#checkError()} is asked after every block: once stdout is broken the
 * plugin must exit (SIGPIPE is ignored in Netdata's plugins). An optional copy of the output (to a file)
 * is written by the plugin itself, not by a {@code | tee} between plugin and Netdata, which would keep
 * stdout open after Netdata is gone.
 */
final class PluginOutput {
    private final PrintStream out;
    private final PrintStream copy;
    private volatile boolean failed;

    /** Writes UTF-8 to {@code stdout}, which must not be wrapped in another PrintStream. */
    PluginOutput(PrintStream stdout) {
        this(stdout, null);
    }

    /**
     * Like {@link #PluginOutput(PrintStream)}, and appends every block also to {@code copy} (may be null). The
     * copy's errors are ignored: only stdout decides whether Netdata is still there.
     */
    PluginOutput(PrintStream stdout, PrintStream copy) {
        this.out = stdout;
        this.copy = copy;
    }

    /**
     * The process's real stdout (not {@code System.out}, whose charset follows the locale) in UTF-8, copied to
     * {@code copy} (may be null).
     */
    static PluginOutput stdout(PrintStream copy) {
        return new PluginOutput(new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8),
                copy);
    }

    /** A UTF-8 stream appending to {@code file}, or null (and the reason on {@code stderr}) if it cannot be opened. */
    static PrintStream copyFile(String file, PrintStream stderr) {
        try {
            return new PrintStream(new FileOutputStream(file, true), false, StandardCharsets.UTF_8);
        } catch (IOException e) {
            stderr.println(PluginMain.PLUGIN_NAME + ": " + PluginMain.OUTPUT_COPY_ENV + ": cannot open " + file + ", no copy: " + e);
            return null;
        }
    }

    /** Writes and flushes {@code block}; false when stdout is broken (now or before). */
    boolean write(String block) {
        // Encoded once and written as one array: PrintStream.print would push a large block through its 8 KiB
        // char buffer, one write(2) per 8 KiB (a tick at 10,000 dimensions is ~40 of them). The bytes are the
        // same: both encoders write '?' for a lone surrogate.
        return write(block.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes and flushes a block already in UTF-8; false when stdout is broken (now or before). */
    synchronized boolean write(byte[] bytes) {
        if (failed) {
            return false;
        }
        if (bytes.length > 0) {
            out.write(bytes, 0, bytes.length);
        }
        out.flush();
        if (out.checkError()) {
            failed = true;
        } else if (copy != null) {
            copy.write(bytes, 0, bytes.length);
            copy.flush();
        }
        return !failed;
    }

    /** Whether a write has failed. */
    boolean failed() {
        return failed;
    }
}
