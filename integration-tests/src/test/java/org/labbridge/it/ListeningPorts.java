package org.labbridge.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Whether a local TCP port is listening, read from the kernel's socket tables rather than by connecting.
 *
 * <p>Why: the ports the ITs give their peers ({@link FreePorts}) lie in the ephemeral range, and a connect
 * probe to such a port that nothing listens on yet can connect to itself (TCP simultaneous open, when the
 * kernel picks that very port as the probe's source, which successive probes walk towards); the peer then
 * cannot bind its port and the test fails for no reason of its own. The bench scripts met exactly that
 * ({@code bench/lib.sh listening}). Where there is no {@code /proc/net/tcp} (not Linux), every port counts
 * as listening, so that callers fall back to their connect probes.
 */
final class ListeningPorts {

    private static final List<Path> TABLES = List.of(Path.of("/proc/net/tcp"), Path.of("/proc/net/tcp6"));
    /** The state column's value for LISTEN. */
    private static final String LISTEN = "0A";

    private ListeningPorts() {
    }

    /** Whether something listens on TCP {@code port} of this host (true when that cannot be known). */
    static boolean listening(int port) {
        if (!Files.exists(TABLES.get(0))) {
            return true;
        }
        String suffix = String.format(Locale.ROOT, ":%04X", port);
        for (Path table : TABLES) {
            try {
                for (String line : Files.readAllLines(table)) {
                    String[] f = line.trim().split("\\s+");
                    // sl local_address rem_address st ...: the header's fourth field is "st"
                    if (f.length > 3 && LISTEN.equals(f[3]) && f[1].endsWith(suffix)) {
                        return true;
                    }
                }
            } catch (IOException noTable) {
                // tcp6 is absent without IPv6: the other table decides
            }
        }
        return false;
    }
}
