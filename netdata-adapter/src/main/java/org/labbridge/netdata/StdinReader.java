package org.labbridge.netdata;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the plugin's stdin line by line on its own daemon thread (lines longer than 64 KiB are cut) and
 * reports EOF: when Netdata goes away its end of the pipe closes, and the plugin must not outlive it.
 */
final class StdinReader implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(StdinReader.class);
    static final int MAX_LINE = 64 * 1024;

    private final InputStream in;
    private final Consumer<String> onLine;
    private final Runnable onEof;

    StdinReader(InputStream in, Consumer<String> onLine, Runnable onEof) {
        this.in = in;
        this.onLine = onLine;
        this.onEof = onEof;
    }

    /** Starts the reader on a daemon thread. */
    Thread start() {
        Thread t = new Thread(this, "netdata-stdin");
        t.setDaemon(true);
        t.start();
        return t;
    }

    @Override
    public void run() {
        ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        byte[] buf = new byte[8192];
        try {
            int n;
            while ((n = in.read(buf)) >= 0) {
                for (int i = 0; i < n; i++) {
                    byte b = buf[i];
                    if (b == '\n') {
                        deliver(line);
                    } else if (line.size() < MAX_LINE) {
                        line.write(b);
                    }
                }
            }
            if (line.size() > 0) {
                deliver(line);
            }
        } catch (IOException e) {
            LOG.info("stdin closed: {}", e.getMessage());
        } finally {
            onEof.run();
        }
    }

    private void deliver(ByteArrayOutputStream line) {
        String s = line.toString(StandardCharsets.UTF_8);
        line.reset();
        if (s.endsWith("\r")) {
            s = s.substring(0, s.length() - 1);
        }
        try {
            onLine.accept(s);
        } catch (RuntimeException e) {
            LOG.warn("failed to handle '{}': {}", s.length() > 100 ? s.substring(0, 100) : s, e.toString());
        }
    }
}
