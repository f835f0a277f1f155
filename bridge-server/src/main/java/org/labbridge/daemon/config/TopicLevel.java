package org.labbridge.daemon.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One level of an MQTT topic, by index: {@code topic_level(0)} is the first, {@code topic_level(-1)} the
 * last (negative indexes count from the end, as in Python).
 *
 * @param index the level's index
 */
public record TopicLevel(int index) {

    private static final Pattern SYNTAX = Pattern.compile("\\s*topic_level\\(\\s*(-?\\d{1,4})\\s*\\)\\s*");

    /** Binds {@code topic_level(N)}. */
    public static TopicLevel fromYaml(Object node) {
        Matcher m = SYNTAX.matcher(String.valueOf(node));
        if (!m.matches()) {
            throw new IllegalArgumentException("expected: topic_level(N), e.g. topic_level(-1) for the last level");
        }
        return new TopicLevel(Integer.parseInt(m.group(1)));
    }

    /** The level of {@code topic}, or {@code null} when it has no such level (or the level is empty). */
    public String of(String topic) {
        String[] levels = topic.split("/", -1);
        int i = index < 0 ? levels.length + index : index;
        if (i < 0 || i >= levels.length || levels[i].isEmpty()) {
            return null;
        }
        return levels[i];
    }

    @Override
    public String toString() {
        return "topic_level(" + index + ")";
    }
}
