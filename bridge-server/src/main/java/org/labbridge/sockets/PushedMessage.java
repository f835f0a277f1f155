package org.labbridge.sockets;

import java.util.Map;

/**
 * One message accepted by a {@link DataPushSocket}, as seen by its listeners.
 *
 * @param data        the decoded dict (immutable, insertion-ordered)
 * @param receiveTime Unix time of reception, in seconds
 */
public record PushedMessage(Map<String, Object> data, double receiveTime) {
}
