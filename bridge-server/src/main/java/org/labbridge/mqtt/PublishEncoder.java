package org.labbridge.mqtt;

import org.labbridge.codec.message.BridgeMessage;
import org.labbridge.daemon.Message;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Turns a routed message into MQTT records: with a per-codename topic one record per value (the value as
 * JSON), else one record holding the whole message as a JSON object. What cannot be published (a codename
 * that is no topic level, a value JSON cannot carry) is reported to the drop listener and costs nothing else.
 */
final class PublishEncoder {

    /** Drop reason: a codename that cannot be one topic level. */
    static final String BAD_TOPIC = "bad_topic";
    /** Drop reason: a value with no JSON form. */
    static final String NOT_ENCODABLE = "not_encodable";

    private final TopicTemplate template;
    private final boolean retain;
    private final Outbox.DropListener dropListener;
    private final AtomicLong sequence = new AtomicLong();

    PublishEncoder(TopicTemplate template, boolean retain, Outbox.DropListener dropListener) {
        this.template = template;
        this.retain = retain;
        this.dropListener = dropListener;
    }

    List<MqttRecord> encode(Message message) {
        if (!template.perCodename()) {
            byte[] payload = wholeMessage(message);
            if (payload == null) {
                return List.of();
            }
            return List.of(new MqttRecord(sequence.incrementAndGet(), template.topic(message.origin()), payload, retain));
        }
        Map<String, Object> values = message.values();
        List<MqttRecord> out = new ArrayList<>(values.size());
        for (Map.Entry<String, Object> e : values.entrySet()) {
            String topic = template.topic(message.origin(), e.getKey());
            if (topic == null) {
                dropListener.dropped(BAD_TOPIC, 1);
                continue;
            }
            byte[] payload;
            try {
                payload = StrictJson.bytes(e.getValue());
            } catch (IllegalArgumentException notJson) {
                dropListener.dropped(NOT_ENCODABLE, 1);
                continue;
            }
            out.add(new MqttRecord(sequence.incrementAndGet(), topic, payload, retain));
        }
        return out;
    }

    private byte[] wholeMessage(Message message) {
        BridgeMessage wire = message.wire();
        if (wire != null && !wire.hasNonFinite() && wire.charset().equals(StandardCharsets.UTF_8)) {
            return wire.payload(); // already a strict JSON object in UTF-8: no parsing, no encoding
        }
        try {
            return StrictJson.bytes(message.values());
        } catch (IllegalArgumentException notJson) {
            dropListener.dropped(NOT_ENCODABLE, 1);
            return null;
        }
    }
}
