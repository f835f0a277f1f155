package org.labbridge.daemon.config;

import org.labbridge.config.Default;
import org.labbridge.config.Range;

/**
 * The process's event loops.
 *
 * @param threads event-loop threads; 0 = one per core
 * @param preferNative use epoll where available (false forces NIO)
 */
public record TransportConfig(@Default("0") @Range(min = 0, max = 256) int threads,
                              @Default("true") boolean preferNative) {
}
