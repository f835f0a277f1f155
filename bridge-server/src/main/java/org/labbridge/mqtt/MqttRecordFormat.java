package org.labbridge.mqtt;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * How an {@link MqttRecord} is kept in a disk spool: a flags byte (bit 0: retain; the others zero), the
 * topic's UTF-8 length (2 bytes, big-endian, as MQTT itself limits it), the topic, then the payload. The
 * spool's own record header carries the length and a checksum; this only has to tell the parts apart.
 */
final class MqttRecordFormat {

    private static final int RETAIN = 1;
    private static final int HEADER = 3;

    private MqttRecordFormat() {
    }

    static byte[] encode(MqttRecord record) {
        byte[] topic = record.topic().getBytes(StandardCharsets.UTF_8);
        if (topic.length > 0xFFFF) {
            throw new IllegalArgumentException("an MQTT topic is at most 65535 bytes");
        }
        return ByteBuffer.allocate(HEADER + topic.length + record.payload().length)
                .put((byte) (record.retain() ? RETAIN : 0))
                .putShort((short) topic.length)
                .put(topic)
                .put(record.payload())
                .array();
    }

    /**
     * The record spooled as {@code bytes}, with {@code sequence} (its spool sequence number).
     *
     * @throws IllegalArgumentException when {@code bytes} is no record of this format
     */
    static MqttRecord decode(long sequence, byte[] bytes) {
        if (bytes.length < HEADER || (bytes[0] & ~RETAIN) != 0) {
            throw new IllegalArgumentException("not a spooled MQTT record");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        boolean retain = (in.get() & RETAIN) != 0;
        int topicLength = Short.toUnsignedInt(in.getShort());
        if (topicLength > in.remaining()) {
            throw new IllegalArgumentException("a spooled MQTT record's topic is cut off");
        }
        String topic = new String(bytes, HEADER, topicLength, StandardCharsets.UTF_8);
        byte[] payload = new byte[bytes.length - HEADER - topicLength];
        System.arraycopy(bytes, HEADER + topicLength, payload, 0, payload.length);
        return new MqttRecord(sequence, topic, payload, retain);
    }
}
