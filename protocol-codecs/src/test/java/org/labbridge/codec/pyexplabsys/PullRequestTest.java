package org.labbridge.codec.pyexplabsys;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class PullRequestTest {

    @Test
    void wholeCommands() {
        assertEquals(PullCommand.NAME, PullRequest.parse("name").command());
        assertEquals(PullCommand.STATUS, PullRequest.parse("status").command());
        assertEquals(PullCommand.RAW, PullRequest.parse("raw").command());
        assertEquals(PullCommand.JSON, PullRequest.parse("json").command());
        assertEquals(PullCommand.RAW_WN, PullRequest.parse("raw_wn").command());
        assertEquals(PullCommand.JSON_WN, PullRequest.parse("json_wn").command());
        assertEquals(PullCommand.CODENAMES_RAW, PullRequest.parse("codenames_raw").command());
        assertEquals(PullCommand.CODENAMES_JSON, PullRequest.parse("codenames_json").command());
        assertNull(PullRequest.parse("json_wn").codename());
    }

    @Test
    void singleCodename() {
        assertEquals(new PullRequest(PullCommand.SINGLE_RAW, "temperature"), PullRequest.parse("temperature#raw"));
        assertEquals(new PullRequest(PullCommand.SINGLE_JSON, "temperature"), PullRequest.parse("temperature#json"));
        // spaces are allowed in codenames; the codename is taken as is
        assertEquals(new PullRequest(PullCommand.SINGLE_RAW, "room temp"), PullRequest.parse("room temp#raw"));
        // '#raw': empty codename, which no socket has; parsed, then refused by the socket
        assertEquals(new PullRequest(PullCommand.SINGLE_RAW, ""), PullRequest.parse("#raw"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "raw\n", "raw ", " raw", "RAW", "Json_wn", "data", "codenames", "cn#JSON", "cn#",
            "cn#raw#", "a#b#raw", "##", "cn#raw ", "json_wn#", "status\u0000", "UNKNOWN_COMMMAND"})
    void unknown(String request) {
        assertEquals(PullCommand.UNKNOWN, PullRequest.parse(request).command());
    }

    @Test
    void commandTagsAreDistinct() {
        assertEquals(PullCommand.values().length,
                java.util.Arrays.stream(PullCommand.values()).map(PullCommand::tag).distinct().count());
    }
}
