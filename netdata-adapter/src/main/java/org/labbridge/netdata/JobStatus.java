package org.labbridge.netdata;

import java.time.Instant;

/**
 * What the {@code labbridge-sources} function shows about one job (an immutable snapshot).
 *
 * @param job         the job name
 * @param kind        pull, bridge or metrics
 * @param address     HOST:PORT
 * @param state       {@code connecting}, {@code ok} or {@code down}
 * @param sourceName  what the source calls itself, or null
 * @param lastSuccess when it last answered, or null
 * @param lastErrorAt when it last failed, or null
 * @param lastError   the last failure, or null
 * @param codenames   how many codenames it published last time
 */
public record JobStatus(String job, SourceKind kind, String address, String state, String sourceName,
                        Instant lastSuccess, Instant lastErrorAt, String lastError, int codenames) {
}
