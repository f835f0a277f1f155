package org.labbridge.cli;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Captures System.out and System.err around each test of the in-process command line ({@code @RegisterExtension}). */
final class ConsoleCapture implements BeforeEachCallback, AfterEachCallback {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream savedOut;
    private PrintStream savedErr;

    @Override
    public void beforeEach(ExtensionContext context) {
        savedOut = System.out;
        savedErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        System.setOut(savedOut);
        System.setErr(savedErr);
    }

    /** What was printed on stdout so far. */
    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    /** What was printed on stderr so far. */
    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /** The buffer stdout goes to (to reset it, or to write to it from a replacement stream). */
    ByteArrayOutputStream stdout() {
        return out;
    }

    /** The buffer stderr goes to. */
    ByteArrayOutputStream stderr() {
        return err;
    }

    /** Forgets what stdout and stderr got so far. */
    void reset() {
        out.reset();
        err.reset();
    }
}
