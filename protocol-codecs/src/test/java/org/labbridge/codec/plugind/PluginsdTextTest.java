package org.labbridge.codec.plugind;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PluginsdTextTest {

    @Test
    void idsKeepOnlySafeCharacters() {
        assertEquals("labbridge_udp_requests_socket_pull", PluginsdText.id("labbridge.udp.requests|socket=pull"));
        assertEquals("a_b_c__d___", PluginsdText.id("a b'c\"\\d=\n\u00e9"));
        assertEquals("_", PluginsdText.id(""));
        assertEquals("_", PluginsdText.id(null));
        assertTrue(PluginsdText.isId("Ab-9_"));
        assertFalse(PluginsdText.isId("a.b"));
        assertFalse(PluginsdText.isId(""));
    }

    @Test
    void longIdsAreCutButStayDistinct() {
        String a = PluginsdText.id("x".repeat(200) + "a");
        String b = PluginsdText.id("x".repeat(200) + "b");
        assertEquals(PluginsdText.MAX_ID_CHARS, a.length());
        assertNotEquals(a, b);
        assertTrue(PluginsdText.isId(a));
    }

    @Test
    void textLosesWhatCouldEndAQuotedWord() {
        assertEquals("it’s /n  \"q\" a=b é 温度", PluginsdText.text("it's \\n\r\n\"q\" a=b é 温度"));
        assertEquals("''", PluginsdText.quoted(null));
        assertEquals(3, PluginsdText.text("\ud83d\ude00\ud83d\ude00\ud83d\ude00\ud83d\ude00", 3).codePointCount(0, 6));
        assertEquals(PluginsdText.MAX_TEXT_CHARS, PluginsdText.text("y".repeat(5000)).length());
    }
}
