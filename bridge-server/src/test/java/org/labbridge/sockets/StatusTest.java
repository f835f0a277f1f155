package org.labbridge.sockets;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.labbridge.codec.python.PyJson;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** §6: the status reply covers every socket of the registry, with activity rules. */
class StatusTest {

    @Test
    @SuppressWarnings("unchecked")
    void statusCoversEverySocketWithTheSpecShape() throws Exception {
        TestClock clock = new TestClock(1000);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        SocketRegistry registry = new SocketRegistry(new SystemStatus());
        try (DateDataPullSocket date = DateDataPullSocket.builder("dates", List.of("a")).port(0).clock(clock)
                .meterRegistry(meters).registry(registry).activityTimeout(10).build();
             DataPullSocket data = DataPullSocket.builder("datas", List.of("b")).port(0).clock(clock)
                     .meterRegistry(meters).registry(registry).pokeOnSet(false).build();
             DataPushSocket push = DataPushSocket.builder("pushes").port(0).clock(clock).meterRegistry(meters)
                     .registry(registry).build();
             Udp udp = startAll(date, data, push)) {
            clock.advance(4);
            date.setPointNow("a", 1.0); // activity
            clock.advance(3);
            data.setPointNow("b", 1.0); // poke_on_set off: no activity
            String text = udp.ask("status");
            Map<String, Object> status = (Map<String, Object>) PyJson.loads(text);
            assertEquals(List.of("system_status", "socket_server_status"), List.copyOf(status.keySet()));
            Map<String, Object> sockets = (Map<String, Object>) status.get("socket_server_status");
            assertEquals(List.of(Integer.toString(date.port()), Integer.toString(data.port()),
                    Integer.toString(push.port())), List.copyOf(sockets.keySet()));
            Map<String, Object> d = (Map<String, Object>) sockets.get(Integer.toString(date.port()));
            assertEquals(List.of("name", "type", "status", "since_last_activity"), List.copyOf(d.keySet()));
            assertEquals("dates", d.get("name"));
            assertEquals("date", d.get("type"));
            assertEquals("OK", d.get("status"));
            assertEquals(3.0, ((Number) d.get("since_last_activity")).doubleValue(), 1e-6);
            Map<String, Object> b = (Map<String, Object>) sockets.get(Integer.toString(data.port()));
            assertEquals("data", b.get("type"));
            assertEquals(7.0, ((Number) b.get("since_last_activity")).doubleValue(), 1e-6);
            Map<String, Object> p = (Map<String, Object>) sockets.get(Integer.toString(push.port()));
            assertEquals("push", p.get("type"));
            assertEquals("DISABLED", p.get("status"));
            assertTrue(p.containsKey("since_last_activity"));
            assertNull(p.get("since_last_activity"));
            assertTrue(text.contains("\"since_last_activity\": null"));

            clock.advance(10); // past the activity timeout of 10 s: INACTIVE (strictly less is OK)
            assertEquals("INACTIVE", date.status().status());
            date.poke();
            assertEquals("OK", date.status().status());
            push.poke(); // activity checking off: still DISABLED
            assertEquals("DISABLED", push.status().status());

            Map<String, Object> system = (Map<String, Object>) status.get("system_status");
            Map<String, Object> fs = (Map<String, Object>) system.get("filesystem_usage");
            assertTrue(((Number) fs.get("total_bytes")).longValue() > 0);
            assertTrue(fs.containsKey("free_bytes"));
            Map<String, Object> load = (Map<String, Object>) system.get("load_average");
            assertEquals(List.of("1m", "5m", "15m"), List.copyOf(load.keySet()));
            Map<String, Object> uptime = (Map<String, Object>) system.get("uptime");
            assertInstanceOf(Double.class, uptime.get("uptime_sec"));
            assertInstanceOf(Double.class, uptime.get("idle_sec"));
            assertInstanceOf(String.class, system.get("machine_name"));
            assertTrue(((String) system.get("os_version")).startsWith("Linux"));
            assertTrue(((Number) system.get("number_of_threads")).intValue() > 1);
            assertTrue(((Number) system.get("max_memory_usage_bytes")).longValue() > 1_000_000);

            // a push socket answers status too, unprefixed; a stopped socket leaves the report
            try (Udp pushUdp = new Udp(push.port())) {
                assertTrue(pushUdp.ask("status").startsWith("{\"system_status\": "));
            }
            data.stop();
            assertEquals(2, registry.socketServerStatus().size());
        }
    }

    private static Udp startAll(UdpSocketServer... sockets) {
        for (UdpSocketServer s : sockets) {
            s.start();
        }
        return new Udp(sockets[0].port());
    }

    @Test
    void globalRegistryIsTheDefault() {
        try (DataPullSocket s = DataPullSocket.builder("g", List.of()).port(0).meterRegistry(new SimpleMeterRegistry())
                .build()) {
            s.start();
            assertTrue(SocketRegistry.global().sockets().contains(s));
        }
    }
}
