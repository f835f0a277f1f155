package org.labbridge.daemon.metrics;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MetricsReplyBudgetTest {

    @Test
    void everythingFitsWhenThereIsRoom() {
        Map<String, Double> meters = new LinkedHashMap<>();
        meters.put("jvm.threads.live", 12.0);
        meters.put("labbridge.route.messages|node=in|statistic=count", 3.0);
        MetricsReplyBudget.Selection s = MetricsReplyBudget.select(meters);
        assertEquals(0, s.omitted());
        assertEquals(List.of("labbridge.route.messages|node=in|statistic=count", "jvm.threads.live"),
                List.copyOf(s.served().keySet()), "labbridge's own first");
    }

    @Test
    void labbridgeMetersWinAndTheRestIsCountedWhenTheBudgetIsShort() {
        Map<String, Double> meters = new LinkedHashMap<>();
        for (int i = 0; i < 10; i++) {
            meters.put("jvm.memory.used|area=heap|id=pool" + i, 1.0);
            meters.put("labbridge.udp.requests|command=json_wn|port=" + (9000 + i) + "|statistic=count", 1.0);
        }
        MetricsReplyBudget.Selection s = MetricsReplyBudget.select(meters, 1200);
        assertTrue(s.served().keySet().stream().allMatch(k -> k.startsWith("labbridge.")), s.served().toString());
        assertEquals(20, s.served().size() + s.omitted());
        assertTrue(s.omitted() >= 10);
    }
}
