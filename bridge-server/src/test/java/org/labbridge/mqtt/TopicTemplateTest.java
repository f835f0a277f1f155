package org.labbridge.mqtt;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TopicTemplateTest {

    @Test
    void placeholdersAreFilledIn() {
        TopicTemplate t = TopicTemplate.parse("lab/{node}/{codename}");
        assertTrue(t.perCodename());
        assertEquals("lab/input/temperature", t.topic("input", "temperature"));
        TopicTemplate fixed = TopicTemplate.parse("lab/{node}");
        assertFalse(fixed.perCodename());
        assertEquals("lab/input", fixed.topic("input"));
    }

    @Test
    void aCodenameThatIsNoTopicLevelGivesNoTopic() {
        TopicTemplate t = TopicTemplate.parse("lab/{codename}");
        for (String bad : new String[] {"", "a/b", "a+", "#", "a\0b"}) {
            assertNull(t.topic("n", bad), bad);
        }
        assertEquals("lab/temp érature", t.topic("n", "temp érature"));
    }

    @Test
    void unknownPlaceholdersAndWildcardsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> TopicTemplate.parse("lab/{host}"));
        assertThrows(IllegalArgumentException.class, () -> TopicTemplate.parse("lab/#"));
        assertThrows(IllegalArgumentException.class, () -> TopicTemplate.parse(""));
    }
}
