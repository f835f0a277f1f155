package org.labbridge.codec.plugind;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NetdataVersionTest {

    @Test
    void parsesAgentVersions() {
        assertEquals(new NetdataVersion(1, 37, 1), NetdataVersion.parseOrBaseline("v1.37.1"));
        assertEquals(new NetdataVersion(1, 44, 0), NetdataVersion.parseOrBaseline("1.44.0-123-nightly"));
        assertEquals(new NetdataVersion(2, 0, 0), NetdataVersion.parseOrBaseline("v2.0"));
        assertEquals(NetdataVersion.BASELINE, NetdataVersion.parseOrBaseline(null));
        assertEquals(NetdataVersion.BASELINE, NetdataVersion.parseOrBaseline("garbage"));
    }

    @Test
    void keywordsByVersion() {
        NetdataVersion v1371 = NetdataVersion.BASELINE;
        for (Keyword k : new Keyword[] {Keyword.CHART, Keyword.CLABEL, Keyword.FUNCTION, Keyword.FUNCTION_RESULT_END}) {
            assertTrue(v1371.supports(k), k.name());
        }
        assertFalse(v1371.supports(Keyword.HOST_DEFINE));
        assertFalse(v1371.supports(Keyword.CONFIG));
        assertFalse(v1371.supports(Keyword.FUNCTION_PROGRESS));
        assertTrue(new NetdataVersion(1, 39, 0).supports(Keyword.HOST));
        assertFalse(new NetdataVersion(1, 44, 9).supports(Keyword.CONFIG));
        assertTrue(new NetdataVersion(2, 1, 0).supports(Keyword.FUNCTION_PROGRESS));
    }
}
