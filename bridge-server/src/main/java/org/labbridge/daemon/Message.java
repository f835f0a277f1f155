package org.labbridge.daemon;

import org.labbridge.codec.message.BridgeMessage;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What flows through the graph: an ordered map codename → value (values in the Python value model of
 * {@code org.labbridge.codec.python}), stamped with the time it was received.
 *
 * @param values   codename → value, in the order they arrived (unmodifiable)
 * @param received when labbridge received it
 * @param origin   the node it came from
 * @param wire     the bridge message the values were read from, or {@code null}: a bridge node sends its
 *                 validated wire bytes on instead of encoding the values again (nothing in the graph changes
 *                 a message's values, so they are the same JSON; a bridge-to-bridge relay then costs a copy
 *                 per message, not a parse and an encode)
 */
public record Message(Map<String, Object> values, Instant received, String origin, BridgeMessage wire) {

    public Message {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** A message that did not come from a bridge. */
    public Message(Map<String, Object> values, Instant received, String origin) {
        this(values, received, origin, null);
    }

    /** What a bridge node sends: the received wire message when there is one, else the values. */
    public Object forBridge() {
        return wire != null ? wire : values;
    }

    /** The receive time as Unix seconds with a fraction, as PyExpLabSys stamps points. */
    public double receivedEpochSeconds() {
        return received.getEpochSecond() + received.getNano() / 1e9;
    }
}
