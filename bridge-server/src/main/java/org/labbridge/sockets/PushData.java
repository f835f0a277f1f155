package org.labbridge.sockets;

import java.util.Map;

/**
 * Python's {@code (time, data)} tuples of {@link DataPushSocket#last()} and {@link DataPushSocket#updated()}.
 *
 * @param time Unix time of the reception, or {@code null} when nothing was received
 * @param data the dict (immutable), {@code null} for {@code last()} before any reception
 */
public record PushData(Double time, Map<String, Object> data) {
}
