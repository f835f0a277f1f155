package org.labbridge.daemon;

import io.micrometer.core.instrument.MeterRegistry;
import org.labbridge.transport.Transport;

/**
 * What every node is built with: the process's one transport and meter registry.
 *
 * @param transport the shared event loops
 * @param registry  where nodes register their meters
 */
public record NodeContext(Transport transport, MeterRegistry registry) {
}
