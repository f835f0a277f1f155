package org.labbridge.sockets;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code system_status} part of {@code status} (§6), in PyExpLabSys's key names where it has them.
 * Read from /proc and statvfs (cheap, no disk), and cached for a second so that a flood of {@code status}
 * requests costs the event loop nothing.
 */
public final class SystemStatus {

    private static final long TTL_NANOS = 1_000_000_000L;

    private final Path root;
    private volatile Map<String, Object> cached;
    private volatile long cachedAt;

    /** Reads the status of the running system. */
    public SystemStatus() {
        this(Path.of("/"));
    }

    SystemStatus(Path root) {
        this.root = root;
    }

    /** The current status (at most a second old). The map is immutable. */
    public Map<String, Object> get() {
        Map<String, Object> c = cached;
        long now = System.nanoTime();
        if (c == null || now - cachedAt > TTL_NANOS) {
            c = java.util.Collections.unmodifiableMap(compute());
            cached = c;
            cachedAt = now;
        }
        return c;
    }

    Map<String, Object> compute() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("filesystem_usage", filesystemUsage());
        out.put("load_average", loadAverage());
        out.put("uptime", uptime());
        out.put("machine_name", machineName());
        out.put("os_version", osVersion());
        out.put("java_version", System.getProperty("java.version"));
        out.put("number_of_threads", ManagementFactory.getThreadMXBean().getThreadCount());
        out.put("max_memory_usage_bytes", peakMemoryBytes());
        return out;
    }

    private Map<String, Object> filesystemUsage() {
        try {
            FileStore store = Files.getFileStore(root);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("total_bytes", store.getTotalSpace());
            m.put("free_bytes", store.getUnallocatedSpace()); // f_bfree, as Python's statvfs use
            return m;
        } catch (IOException e) {
            return null;
        }
    }

    private static Map<String, Object> loadAverage() {
        String line = readFirstLine("/proc/loadavg");
        if (line == null) {
            return null;
        }
        String[] f = line.trim().split("\\s+");
        if (f.length < 3) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        try {
            m.put("1m", Double.parseDouble(f[0]));
            m.put("5m", Double.parseDouble(f[1]));
            m.put("15m", Double.parseDouble(f[2]));
        } catch (NumberFormatException e) {
            return null;
        }
        return m;
    }

    private static Map<String, Object> uptime() {
        String line = readFirstLine("/proc/uptime");
        if (line == null) {
            return null;
        }
        String[] f = line.trim().split("\\s+");
        Map<String, Object> m = new LinkedHashMap<>();
        try {
            m.put("uptime_sec", Double.parseDouble(f[0]));
            m.put("idle_sec", f.length > 1 ? Double.parseDouble(f[1]) : null);
        } catch (NumberFormatException e) {
            return null;
        }
        return m;
    }

    /** The host name without a DNS lookup (the kernel's, else the environment's). */
    static String machineName() {
        String name = readFirstLine("/proc/sys/kernel/hostname");
        if (name == null || name.isBlank()) {
            name = System.getenv("HOSTNAME");
        }
        if (name == null || name.isBlank()) {
            try {
                name = java.net.InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                name = "localhost";
            }
        }
        return name.trim();
    }

    private static String osVersion() {
        String release = readFirstLine("/proc/sys/kernel/osrelease");
        return System.getProperty("os.name") + " " + (release != null ? release.trim() : System.getProperty("os.version"));
    }

    /** Peak resident set size of this process (VmHWM), in bytes; falls back to the heap high-water mark. */
    private static long peakMemoryBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.US_ASCII)) {
                if (line.startsWith("VmHWM:")) {
                    String kb = line.substring(6).trim().split("\\s+")[0];
                    return Long.parseLong(kb) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: fall through
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted();
    }

    private static String readFirstLine(String file) {
        try {
            String s = Files.readString(Path.of(file), StandardCharsets.US_ASCII);
            int nl = s.indexOf('\n');
            return nl >= 0 ? s.substring(0, nl) : s;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
