package org.labbridge.daemon;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.labbridge.client.udp.PullClient;
import org.labbridge.client.udp.PushClient;
import org.labbridge.codec.python.PyJson;
import org.labbridge.config.ConfigBinder;
import org.labbridge.daemon.config.DaemonConfig;
import org.labbridge.daemon.config.GraphValidator;
import org.labbridge.daemon.nodes.DefaultNodeFactory;
import org.labbridge.daemon.nodes.PullSocketNode;
import org.labbridge.daemon.nodes.PushSocketNode;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 10 items 1 and 4 in-process: pull nodes keep bounded state, a push they cannot keep is answered
 * {@code ERROR#} and stores nothing, {@code codename_expiry} frees slots, {@code status} lists refusals.
 */
class StateLimitsDaemonTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(3);
    private static final List<String> WHOLE = List.of("json_wn", "raw_wn", "codenames_json", "codenames_raw",
            "raw", "json");
    private Daemon daemon;

    @AfterEach
    void stop() {
        if (daemon != null) {
            daemon.stop(Duration.ofSeconds(2));
        }
    }

    private void start(String yaml) throws Exception {
        DaemonConfig config = ConfigBinder.loadString(yaml, DaemonConfig.class, "test.yaml");
        GraphValidator.validate(config);
        daemon = Daemon.start(config, new DefaultNodeFactory());
    }

    private static InetSocketAddress local(int port) {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    private double rejected(String node, String reason) {
        return daemon.registry().get("labbridge.node.rejected").tags("node", node, "reason", reason).counter().count();
    }

    @Test
    void theIssuesLongCodenameIsRefusedStoresNothingAndPullsKeepAnswering() throws Exception {
        List<Integer> p = DaemonTest.freePorts(2);
        // codename lengths opened wide, so that the byte bound of the pull node is what refuses
        start("""
                metrics: {enabled: false}
                http: {enabled: false}
                nodes:
                  - {kind: push, name: input, port: %d, max_codename_length: 65507}
                  - {kind: date-pull, name: readings, port: %d, codenames: auto, max_codename_length: 65507}
                connections: [{from: input, to: readings}]
                """.formatted(p.get(0), p.get(1)));
        String hostile = "{\"" + "x".repeat(65_480) + "\": 1}";
        try (PushClient push = new PushClient(local(p.get(0)), TIMEOUT); PullClient pull = new PullClient(local(p.get(1)), TIMEOUT)) {
            assertEquals("ACK#{'t': 21.5}", push.jsonWn("{\"t\": 21.5}"));
            String refused = push.jsonWn(hostile);
            assertTrue(refused.startsWith("ERROR#node 'readings' refuses it: Setting '" + "x".repeat(37) + "...' would "
                    + "make a reply of 655"), refused);
            assertTrue(refused.endsWith(" bytes; at most 65507 are allowed; the message was not stored"), refused);
            // 20 here: the tests' paranoid leak detector records a stack trace per byte the UTF-8 check reads
            // (about 0.5 s per datagram). HostileInputIT sends a thousand to the daemon process at -Xmx96m.
            for (int i = 0; i < 20; i++) {
                assertTrue(push.jsonWn(hostile).startsWith("ERROR#"));
            }
            PushSocketNode input = (PushSocketNode) daemon.node("input");
            assertEquals(List.of("t"), List.copyOf(input.socket().updated().data().keySet()), "nothing stored");
            PullSocketNode readings = (PullSocketNode) daemon.node("readings");
            assertEquals(List.of("t"), readings.socket().codenames());
            assertTrue(readings.socket().largestReplyBytes() < 100);
            for (String command : WHOLE) {
                String reply = pull.request(command);
                assertFalse(reply.startsWith("ERROR#"), command + ": " + reply);
            }
            assertEquals("t", pull.request("codenames_raw"));
            assertEquals(21.0, rejected("readings", "state_full"));
            Map<?, ?> status = (Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) PyJson.loads(pull.request("status")))
                    .get("socket_server_status")).get(Integer.toString(p.get(1)));
            Map<?, ?> refusedStatus = (Map<?, ?>) status.get("refused");
            assertEquals(Map.of("state_full", 21), refusedStatus.get("counts"));
            assertEquals(Map.of("codename", "x".repeat(37) + "...", "reason", "state_full"),
                    ((List<?>) refusedStatus.get("recent")).get(0));
            assertEquals(10, ((List<?>) refusedStatus.get("recent")).size(), "the last 10 are listed");
        }
    }

    @Test
    void theDefaultPushRefusesTheIssuesCodenameItself() throws Exception {
        List<Integer> p = DaemonTest.freePorts(2);
        start("""
                metrics: {enabled: false}
                http: {enabled: false}
                nodes:
                  - {kind: push, name: input, port: %d}
                  - {kind: date-pull, name: readings, port: %d}
                connections: [{from: input, to: readings}]
                """.formatted(p.get(0), p.get(1)));
        try (PushClient push = new PushClient(local(p.get(0)), TIMEOUT); PullClient pull = new PullClient(local(p.get(1)), TIMEOUT)) {
            assertEquals("ERROR#The codename '" + "x".repeat(37) + "...' has 65480 characters; at most 255 are "
                    + "allowed; the message was not stored", push.jsonWn("{\"" + "x".repeat(65_480) + "\": 1}"));
            assertEquals("{}", pull.request("json_wn"));
            assertEquals(1.0, daemon.registry().get("labbridge.udp.errors").tags("socket", "input", "reason", "refused")
                    .counter().count());
        }
    }

    @Test
    void codenameExpiryFreesTheSlotOfASensorGoneQuiet() throws Exception {
        List<Integer> p = DaemonTest.freePorts(2);
        start("""
                metrics: {enabled: false}
                http: {enabled: false}
                nodes:
                  - {kind: push, name: input, port: %d}
                  - {kind: data-pull, name: readings, port: %d, max_codenames: 1, codename_expiry: 300ms}
                connections: [{from: input, to: readings}]
                """.formatted(p.get(0), p.get(1)));
        try (PushClient push = new PushClient(local(p.get(0)), TIMEOUT); PullClient pull = new PullClient(local(p.get(1)), TIMEOUT)) {
            assertTrue(push.jsonWn("{\"old\": 1}").startsWith("ACK#"));
            assertEquals("ERROR#node 'readings' refuses it: The codename 'new' is new and 1 codenames are kept already "
                    + "(the most allowed); the message was not stored", push.jsonWn("{\"new\": 2}"));
            assertEquals(1.0, rejected("readings", "too_many_codenames"));
            // 'old' is not updated: after 300 ms its slot is free (polled, with a deadline)
            String ack = poll(() -> push.jsonWn("{\"new\": 2}"), r -> r.startsWith("ACK#"));
            assertEquals("ACK#{'new': 2}", ack);
            assertEquals("new", pull.request("codenames_raw"));
            assertEquals(1.0, daemon.registry().get("labbridge.node.codenames.expired").tags("node", "readings")
                    .functionCounter().count());
            assertTrue(pull.request("status").contains("\"expired\": 1"), pull.request("status"));
        }
    }

    @Test
    void aBridgeMessageKeepsWhatFitsAndCountsTheRest() throws Exception {
        List<Integer> p = DaemonTest.freePorts(2);
        start("""
                metrics: {enabled: false}
                http: {enabled: false}
                nodes:
                  - {kind: bridge-server, name: bridge, port: %d}
                  - {kind: date-pull, name: readings, port: %d, max_codename_length: 8}
                connections: [{from: bridge, to: readings}]
                """.formatted(p.get(0), p.get(1)));
        try (Socket sender = new Socket(InetAddress.getLoopbackAddress(), p.get(0));
             PullClient pull = new PullClient(local(p.get(1)), TIMEOUT)) {
            OutputStream out = sender.getOutputStream();
            out.write("{\"a\": 1, \"too-long-name\": 2, \"b\": 3}\u0017".getBytes(StandardCharsets.UTF_8));
            out.flush();
            String names = poll(() -> pull.request("codenames_raw"), r -> !r.isEmpty());
            assertEquals("a,b", names);
            assertEquals(1.0, rejected("readings", "codename_too_long"));
        }
    }

    private interface Call {
        String get() throws Exception;
    }

    private static String poll(Call call, Predicate<String> ok) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        String last;
        do {
            last = call.get();
            if (ok.test(last)) {
                return last;
            }
            Thread.sleep(20); // poll interval of a poll-with-deadline
        } while (System.nanoTime() < deadline);
        throw new AssertionError("last: " + last);
    }
}
