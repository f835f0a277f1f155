package org.labbridge.mqtt;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A publish topic with placeholders: {@code {node}} (the node the message came from) and {@code {codename}}.
 * With {@code {codename}}, every value of a message is published on its own topic; without it, the whole
 * message goes to one topic. Checked when the configuration is read: no other placeholder, no wildcard.
 *
 * @param template the template as written
 */
public record TopicTemplate(String template) {

    /** The placeholder of the codename. */
    public static final String CODENAME = "{codename}";
    /** The placeholder of the source node's name. */
    public static final String NODE = "{node}";

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{[^}]*}");

    public TopicTemplate {
        if (template == null || template.isEmpty()) {
            throw new IllegalArgumentException("topic must not be empty");
        }
        Matcher m = PLACEHOLDER.matcher(template);
        while (m.find()) {
            if (!m.group().equals(CODENAME) && !m.group().equals(NODE)) {
                throw new IllegalArgumentException("topic '" + template + "': unknown placeholder " + m.group()
                        + " (known: {node}, {codename})");
            }
        }
        if (template.indexOf('+') >= 0 || template.indexOf('#') >= 0 || template.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("topic '" + template + "': + and # are for subscriptions, not publishing");
        }
    }

    /** Parses and checks a template. */
    public static TopicTemplate parse(String template) {
        return new TopicTemplate(template);
    }

    /** Whether each codename gets its own topic. */
    public boolean perCodename() {
        return template.contains(CODENAME);
    }

    /** The topic of a message from {@code node} (for a fixed topic). */
    public String topic(String node) {
        return template.replace(NODE, node);
    }

    /**
     * The topic of {@code codename} in a message from {@code node}, or {@code null} when the codename cannot be
     * one topic level (empty, or holding {@code / + #} or NUL).
     */
    public String topic(String node, String codename) {
        if (!isTopicLevel(codename)) {
            return null;
        }
        return template.replace(NODE, node).replace(CODENAME, codename);
    }

    /** Whether {@code s} can be exactly one level of a topic name. */
    static boolean isTopicLevel(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '/' || c == '+' || c == '#' || c == '\0') {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return template;
    }
}
