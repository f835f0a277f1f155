package org.labbridge.access;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Linux's socket tables: what {@code ss -lnp} shows, e.g. whether a port has an IPv6 listener. */
public final class ProcNet {

    private ProcNet() {
    }

    /**
     * Whether {@code /proc/net/<table>} ({@code udp}, {@code udp6}, {@code tcp}, {@code tcp6}) lists a
     * socket bound to {@code port}; the test is skipped where the table cannot be read (not Linux).
     */
    public static boolean lists(String table, int port) throws IOException {
        Path path = Path.of("/proc/net", table);
        assumeTrue(Files.isReadable(path), path + " is not readable here (not Linux?)");
        String hexPort = String.format(Locale.ROOT, ":%04X ", port);
        return Files.readAllLines(path).stream().skip(1)
                .map(line -> line.trim().split("\\s+")[1] + " ")
                .anyMatch(local -> local.endsWith(hexPort));
    }
}
