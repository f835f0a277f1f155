package org.labbridge.netdata;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The whole plugin configuration ({@code labbridge.conf}).
 *
 * @param file            where it was read from, or null when there is none (defaults)
 * @param updateEvery     seconds between collections (at least Netdata's {@code update_every})
 * @param autodetect      whether to look for sockets on 127.0.0.1's default ports (default: when no jobs)
 * @param autodetectRetry time between probes of ports where nothing answered
 * @param jobs            the configured jobs
 */
public record PluginConfig(Path file, int updateEvery, boolean autodetect, Duration autodetectRetry,
                           List<JobConfig> jobs) {
    public PluginConfig {
        jobs = List.copyOf(jobs);
    }
}
