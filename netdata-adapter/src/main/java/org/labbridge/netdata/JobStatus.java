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
 * @param names       the first of those codenames, comma-separated ({@code …} when there are more)
 */
public record JobStatus(String job, SourceKind kind, String address, String state, String sourceName,
                        Instant lastSuccess, Instant lastErrorAt, String lastError, int codenames, String names) {
    /** How many codenames {@link #names} lists at most. */
    static final int MAX_NAMES = 10;

    /** The {@link #names} text for {@code codenames}. */
    static String names(java.util.Collection<String> codenames) {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        for (String cn : codenames) {
            if (i++ == MAX_NAMES) {
                return sb.append(", …").toString();
            }
            sb.append(i > 1 ? ", " : "").append(cn.length() > 60 ? cn.substring(0, 59) + "…" : cn);
        }
        return sb.toString();
    }
}
