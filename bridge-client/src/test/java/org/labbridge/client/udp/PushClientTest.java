package org.labbridge.client.udp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PushClientTest {

    @Test
    void sendsPrefixedPayloadsAndReturnsTheReplyAsIs() throws Exception {
        try (FakeUdpServer server = new FakeUdpServer(req -> req.startsWith("json_wn#") ? "ACK#{'a': 1}"
                : req.startsWith("raw_wn#") ? "ERROR#The data part 'x' did not match" : "RET#push");
             PushClient c = new PushClient(server.address(), Duration.ofSeconds(2))) {
            assertEquals("ACK#{'a': 1}", c.jsonWn("{\"a\": 1}"));
            assertEquals("json_wn#{\"a\": 1}", server.received.poll(2, TimeUnit.SECONDS));
            assertEquals("ERROR#The data part 'x' did not match", c.rawWn("x"));
            assertEquals("raw_wn#x", server.received.poll(2, TimeUnit.SECONDS));
            assertEquals("RET#push", c.request("name"));
        }
    }
}
