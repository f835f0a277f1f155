package org.labbridge.mqtt;

import org.labbridge.codec.python.JsonLimits;
import org.labbridge.codec.python.PyJson;
import org.labbridge.codec.python.PyJsonException;
import org.labbridge.daemon.config.TopicLevel;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a received MQTT payload as a message's values: a JSON object gives its keys as codenames; any other
 * JSON value (a plain number, typically) is the value of the codename taken from the topic, when the node
 * says where ({@code codename_from}). Bounded in size and nesting before anything is parsed.
 */
final class PayloadReader {

    /** Why a payload was not read: the {@code reason} tag of {@link MqttMeters#BAD_PAYLOADS}. */
    enum Reason {
        /** Larger than {@code max_payload}. */
        OVERSIZE,
        /** Not JSON (or not UTF-8, or beyond the nesting/number limits). */
        BAD_JSON,
        /** Not an object, and no codename could be taken from the topic. */
        NO_CODENAME,
        /** Zero bytes (what clears a retained message). */
        EMPTY;

        String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The values read, or why not (exactly one of them is set); {@code detail} says more for the log. */
    record Result(Map<String, Object> values, Reason rejected, String detail) {
    }

    private final JsonLimits limits;
    private final TopicLevel codenameFrom;

    PayloadReader(int maxPayload, int maxNesting, TopicLevel codenameFrom) {
        this.limits = new JsonLimits(maxPayload, maxNesting, JsonLimits.DEFAULT.maxNumberChars());
        this.codenameFrom = codenameFrom;
    }

    Result read(String topic, byte[] payload) {
        if (payload.length == 0) {
            return new Result(null, Reason.EMPTY, "empty payload");
        }
        if (payload.length > limits.maxChars()) {
            return new Result(null, Reason.OVERSIZE, payload.length + " bytes > max_payload " + limits.maxChars());
        }
        Object value;
        try {
            value = PyJson.loads(payload, 0, payload.length, limits);
        } catch (PyJsonException e) {
            return new Result(null, Reason.BAD_JSON, e.getMessage());
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> values = new LinkedHashMap<>();
            map.forEach((k, v) -> values.put(String.valueOf(k), v));
            return new Result(values, null, null);
        }
        String codename = codenameFrom == null ? null : codenameFrom.of(topic);
        if (codename == null) {
            return new Result(null, Reason.NO_CODENAME, codenameFrom == null
                    ? "not a JSON object, and no codename_from is set"
                    : "not a JSON object, and the topic has no level " + codenameFrom);
        }
        Map<String, Object> values = new LinkedHashMap<>();
        values.put(codename, value);
        return new Result(values, null, null);
    }
}
