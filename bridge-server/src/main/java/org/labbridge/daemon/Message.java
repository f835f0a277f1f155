package org.labbridge.daemon;

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
 */
public record Message(Map<String, Object> values, Instant received, String origin) {

    public Message {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** The receive time as Unix seconds with a fraction, as PyExpLabSys stamps points. */
    public double receivedEpochSeconds() {
        return received.getEpochSecond() + received.getNano() / 1e9;
    }
}
