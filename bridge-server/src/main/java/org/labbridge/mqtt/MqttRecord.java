package org.labbridge.mqtt;

/**
 * One MQTT message waiting to be published.
 *
 * @param sequence order of creation within its node (the outbox keeps it when a publish is retried)
 * @param topic    the topic name
 * @param payload  the payload bytes (not copied: never modified after creation)
 * @param retain   the retain flag
 */
public record MqttRecord(long sequence, String topic, byte[] payload, boolean retain) {

    /** What one record costs in the outbox's byte bound: payload, topic, and a fixed overhead. */
    public long size() {
        return payload.length + 2L * topic.length() + 48;
    }
}
