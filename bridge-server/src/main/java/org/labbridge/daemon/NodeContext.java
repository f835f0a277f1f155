package org.labbridge.daemon;

import io.micrometer.core.instrument.MeterRegistry;
import org.labbridge.transport.Transport;

/**
 * What every node is built with: the process's one transport and meter registry.
 *
 * @param transport the shared event loops
 * @param registry  where nodes register their meters
 * @param drainTime how long a node may take at shutdown to flush what it holds
 */
public record NodeContext(Transport transport, MeterRegistry registry, java.time.Duration drainTime) {
}
