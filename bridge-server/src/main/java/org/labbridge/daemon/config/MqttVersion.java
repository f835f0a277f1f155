package org.labbridge.daemon.config;

/**
 * The MQTT protocol version a node speaks: {@code protocol_version: 3.1.1} (also {@code 3} or {@code 4}, its
 * protocol level) or {@code 5} (also {@code 5.0}). A record, not an enum: the binder reads enums by constant
 * name, and {@code 3.1.1} is not one.
 *
 * @param level the protocol level on the wire: 4 for 3.1.1, 5 for 5
 */
public record MqttVersion(int level) {

    /** MQTT 3.1.1 (protocol level 4): what every broker speaks. */
    public static final MqttVersion V3_1_1 = new MqttVersion(4);
    /** MQTT 5: reason codes on refusals, per-message failures the broker reports. */
    public static final MqttVersion V5 = new MqttVersion(5);

    public MqttVersion {
        if (level != 4 && level != 5) {
            throw new IllegalArgumentException("expected: 3.1.1 or 5");
        }
    }

    /** Binds {@code 3.1.1}, {@code 3}, {@code 4}, {@code 5} or {@code 5.0}. */
    public static MqttVersion fromYaml(Object node) {
        String t = String.valueOf(node).trim();
        return switch (t) {
            case "3.1.1", "3", "4" -> V3_1_1;
            case "5", "5.0" -> V5;
            default -> throw new IllegalArgumentException("expected: 3.1.1 or 5, got '" + t + "'");
        };
    }

    public boolean isV5() {
        return level == 5;
    }

    @Override
    public String toString() {
        return isV5() ? "5" : "3.1.1";
    }
}
