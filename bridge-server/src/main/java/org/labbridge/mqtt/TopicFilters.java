package org.labbridge.mqtt;

import com.hivemq.client.mqtt.datatypes.MqttTopicFilter;

/** MQTT topic filters ({@code lab/+/set/#}) as subscriptions take them. */
public final class TopicFilters {

    private TopicFilters() {
    }

    /**
     * Checks a filter by MQTT's rules ({@code +} a whole level, {@code #} a whole last level, no NUL).
     *
     * @throws IllegalArgumentException naming the filter and the rule it breaks
     */
    public static void validate(String filter) {
        try {
            MqttTopicFilter.of(filter);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("topic filter '" + filter + "': " + e.getMessage());
        }
    }
}
