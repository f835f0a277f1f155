package org.labbridge.sockets;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.labbridge.codec.pyexplabsys.ReturnFormat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The push socket over real UDP on 127.0.0.1: the §4 tables and the §8 deviations that apply. */
class PushSocketUdpTest {

    private final ManualClock clock = new ManualClock(1700000000.5);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final SocketRegistry registry = new SocketRegistry(new SystemStatus());
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    private DataPushSocket.Builder push() {
        return DataPushSocket.builder("pusher").port(0).clock(clock).meterRegistry(meters).registry(registry);
    }

    private Udp started(DataPushSocket s) {
        toClose.add(s);
        s.start();
        Udp udp = new Udp(s.port());
        toClose.add(udp);
        return udp;
    }

    private double count(UdpSocketMeters meter, String tag, String value) {
        var search = meters.get(meter.meterName());
        return (tag == null ? search : search.tag(tag, value)).counter().count();
    }

    @Test
    void commandTable() {
        Udp udp = started(push().build());
        assertEquals("RET#pusher", udp.ask("name"));
        assertEquals("RET#[\"json_wn#\", \"raw_wn#\", \"name\", \"status\", \"commands\"]", udp.ask("commands"));
        assertTrue(udp.ask("status").startsWith("{\"system_status\": "));
        for (String unknown : List.of("nonsense", "NAME", "json_wn", "raw", "foo#bar", "", "name\n")) {
            assertEquals("ERROR#UNKNOWN_COMMMAND", udp.ask(unknown), unknown);
        }
        assertEquals(7.0, count(UdpSocketMeters.ERRORS, "reason", "unknown_command"), 0);
    }

    @Test
    void updatedForgetsTheOldestKeysBeyondItsBound() {
        DataPushSocket s = push().maxUpdatedKeys(2).build();
        Udp udp = started(s);
        assertEquals("ACK#{'a': 1, 'b': 2}", udp.ask("json_wn#{\"a\": 1, \"b\": 2}"));
        assertEquals("ACK#{'c': 3}", udp.ask("json_wn#{\"c\": 3}"));
        assertEquals(List.of("b", "c"), List.copyOf(s.updated().data().keySet()));
    }

    @Test
    void storeLastAcksWithPythonRepr() {
        DataPushSocket s = push().build();
        Udp udp = started(s);
        assertEquals(new PushData(null, null), s.last());
        assertEquals(new PushData(null, Map.of()), s.updated());
        assertEquals("ACK#{'greeting': 'Live long and prosper', 'number': 47}",
                udp.ask("json_wn#{\"greeting\": \"Live long and prosper\", \"number\": 47}"));
        assertEquals("ACK#{'a': 1e+16, 'b': True, 'c': nan, 'n': None}",
                udp.ask("json_wn#{\"a\": 1e16, \"b\": true, \"c\": NaN, \"n\": null}"));
        clock.advance(1);
        assertEquals("ACK#{'greeting': 'hi', 'numbers': [47, 42]}", udp.ask("raw_wn#greeting:str:hi;numbers:int:47,42"));
        PushData last = s.last();
        assertEquals(1700000001.5, last.time(), 1e-6);
        assertEquals(List.of("greeting", "numbers"), List.copyOf(last.data().keySet()));
        PushData updated = s.updated();
        assertEquals(List.of("greeting", "number", "a", "b", "c", "n", "numbers"), List.copyOf(updated.data().keySet()));
        assertEquals("hi", updated.data().get("greeting"));
        assertEquals(47L, ((Number) updated.data().get("number")).longValue());
        s.setLastToNone();
        s.clearUpdated();
        assertEquals(new PushData(null, null), s.last());
        assertEquals(new PushData(null, Map.of()), s.updated());
        assertNull(s.queue());
    }

    @Test
    void parseErrorsVerbatimAndCounted() {
        Udp udp = started(push().build());
        assertEquals("ERROR#The string 'nonsense' could not be decoded as JSON", udp.ask("json_wn#nonsense"));
        assertEquals("ERROR#The object '[1, 2]' returned after decoding the JSON string is not a dict",
                udp.ask("json_wn#[1, 2]"));
        assertEquals("ERROR#The data part 'a:int' did not match the expected format of 3 parts divided by ':'",
                udp.ask("raw_wn#a:int"));
        assertEquals("ERROR#Unable to convert values to 'int'. Error is: invalid literal for int() with base 10: '1.5'",
                udp.ask("raw_wn#a:int:1.5"));
        assertEquals(2.0, count(UdpSocketMeters.ERRORS, "reason", "bad_json"), 0);
        assertEquals(2.0, count(UdpSocketMeters.ERRORS, "reason", "bad_raw"), 0);
    }

    /** Python's json.loads takes nesting up to ~990 levels and 4300-digit ints: so do we, with the same ACK. */
    @Test
    void deepNestingAndLongIntsAreAcceptedAsPythonAcceptsThem() {
        Udp udp = started(push().build());
        String deep = "[".repeat(900) + "]".repeat(900);
        assertEquals("ACK#{'a': " + deep + "}", udp.ask("json_wn#{\"a\": " + deep + "}"));
        String digits = "7".repeat(4300);
        assertEquals("ACK#{'n': " + digits + "}", udp.ask("json_wn#{\"n\": " + digits + "}"));
        String tooLong = "7".repeat(4301);
        assertTrue(udp.ask("json_wn#{\"n\": " + tooLong + "}").startsWith("ERROR#The string '{\"n\": 777"));
    }

    @Test
    void hashInsidePayloadIsAccepted() {
        DataPushSocket s = push().build();
        Udp udp = started(s);
        assertEquals("ACK#{'a': '#'}", udp.ask("json_wn#{\"a\": \"#\"}"));
        assertEquals("#", s.last().data().get("a"));
    }

    @Test
    void invalidUtf8AndNonAscii() {
        DataPushSocket s = push().build();
        Udp udp = started(s);
        assertEquals("ERROR#The request is not valid UTF-8",
                new String(udp.ask(new byte[] {'j', (byte) 0xfe, '#'}), StandardCharsets.UTF_8));
        assertEquals(1.0, count(UdpSocketMeters.ERRORS, "reason", "invalid_utf8"), 0);
        // non-ASCII request and reply: UTF-8 (Python sends nothing back)
        assertEquals("ACK#{'unit': '\u00b0C', 'x': '\u00e6\u00f8\u00e5'}", udp.ask("json_wn#{\"unit\": \"\u00b0C\", "
                + "\"x\": \"\\u00e6\\u00f8\\u00e5\"}"));
        assertEquals("ACK#{'\u00e6': '\u00f8'}", udp.ask("raw_wn#\u00e6:str:\u00f8"));
    }

    @Test
    void oversizeRequestIsRefusedClearly() {
        Udp udp = started(push().maxDatagramSize(50).build());
        String big = "json_wn#{\"a\": \"" + "x".repeat(60) + "\"}";
        assertEquals("ERROR#The request is larger than the maximum datagram size of 50 bytes", udp.ask(big));
        assertEquals(1.0, count(UdpSocketMeters.ERRORS, "reason", "oversize"), 0);
        assertEquals("ACK#{'a': 1}", udp.ask("json_wn#{\"a\": 1}"));
    }

    @Test
    void ackTooLargeForADatagramBecomesAShortError() {
        DataPushSocket s = push().build();
        Udp udp = started(s);
        // control characters grow fourfold in Python's repr ('\x01'): the ACK cannot fit in a datagram
        String reply = udp.ask("raw_wn#a:str:" + "\u0001".repeat(20_000));
        assertTrue(reply.startsWith("ERROR#The reply of 80013 bytes exceeds the UDP maximum of 65507 bytes"), reply);
        assertEquals(1.0, count(UdpSocketMeters.ERRORS, "reason", "reply_oversize"), 0);
        assertEquals(20_000, ((String) s.last().data().get("a")).length()); // the data itself was accepted
        assertEquals("RET#pusher", udp.ask("name"));
    }

    @Test
    void enqueueHandsDictsToTheOwner() throws Exception {
        DataPushSocket s = push().action("enqueue").build();
        Udp udp = started(s);
        assertEquals("ACK#{'n': 1}", udp.ask("json_wn#{\"n\": 1}"));
        assertEquals("ACK#{'n': 2}", udp.ask("raw_wn#n:int:2"));
        BlockingQueue<Map<String, Object>> q = s.queue();
        assertEquals(Map.of("n", 1L), normalize(q.poll(5, TimeUnit.SECONDS)));
        assertEquals(Map.of("n", 2L), normalize(q.poll(5, TimeUnit.SECONDS)));
        assertEquals(0.0, meters.get(UdpSocketMeters.QUEUE_DEPTH.meterName()).gauge().value(), 0);
    }

    private static Map<String, Object> normalize(Map<String, Object> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, v instanceof Integer i ? (Object) i.longValue() : v));
        return out;
    }

    @Test
    void enqueueOverflowRejectsClearly() {
        BlockingQueue<Map<String, Object>> own = new ArrayBlockingQueue<>(2);
        DataPushSocket s = push().action(PushAction.ENQUEUE).queue(own).build();
        Udp udp = started(s);
        assertEquals("ACK#{'n': 1}", udp.ask("json_wn#{\"n\": 1}"));
        assertEquals("ACK#{'n': 2}", udp.ask("json_wn#{\"n\": 2}"));
        String refused = udp.ask("json_wn#{\"n\": 3}");
        assertTrue(refused.startsWith("ERROR#The queue is full"), refused);
        assertEquals(1.0, count(UdpSocketMeters.QUEUE_OVERFLOW, null, null), 0);
        assertEquals(1.0, count(UdpSocketMeters.ERRORS, "reason", "queue_full"), 0);
        assertEquals(2L, ((Number) s.last().data().get("n")).longValue()); // the refused one left no trace
        assertEquals(2.0, meters.get(UdpSocketMeters.QUEUE_DEPTH.meterName()).gauge().value(), 0);
        own.poll();
        assertEquals("ACK#{'n': 4}", udp.ask("json_wn#{\"n\": 4}"));
    }

    /** A queue that another producer filled between the room check and the offer: refused, never ACKed. */
    @Test
    void enqueueRefusesWhatAnOwnerSuppliedQueueDidNotTake() {
        BlockingQueue<Map<String, Object>> racing = new LinkedBlockingQueue<>() {
            @Override
            public boolean offer(Map<String, Object> item) {
                return false; // room was reported, but another producer took it first
            }
        };
        DataPushSocket s = push().action(PushAction.ENQUEUE).queue(racing).build();
        Udp udp = started(s);
        String refused = udp.ask("json_wn#{\"n\": 1}");
        assertTrue(refused.startsWith("ERROR#The queue is full"), refused);
        assertEquals(1.0, count(UdpSocketMeters.QUEUE_OVERFLOW, null, null), 0);
        assertEquals(1.0, count(UdpSocketMeters.ERRORS, "reason", "queue_full"), 0);
        assertNull(s.last().data(), "a refused message leaves no trace");
    }

    @Test
    void enqueueDropOldestKeepsTheNewest() {
        DataPushSocket s = push().action("enqueue").queueCapacity(2).overflowPolicy(OverflowPolicy.DROP_OLDEST).build();
        Udp udp = started(s);
        for (int i = 1; i <= 4; i++) {
            assertEquals("ACK#{'n': " + i + "}", udp.ask("json_wn#{\"n\": " + i + "}"));
        }
        List<Object> left = new ArrayList<>();
        s.queue().forEach(m -> left.add(((Number) m.get("n")).intValue()));
        assertEquals(List.of(3, 4), left);
        assertEquals(2.0, count(UdpSocketMeters.QUEUE_OVERFLOW, null, null), 0);
    }

    @Test
    void callbackAsyncRunsInOrderAndSurvivesExceptions() throws Exception {
        List<Object> seen = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch done = new CountDownLatch(3);
        DataPushSocket s = push().action(PushAction.CALLBACK_ASYNC).callback(data -> {
            Object n = data.get("n");
            seen.add(((Number) n).intValue());
            done.countDown();
            if (((Number) n).intValue() == 1) {
                throw new IllegalStateException("callback bug"); // §8: Python's worker thread dies here
            }
            return null;
        }).build();
        Udp udp = started(s);
        for (int i = 1; i <= 3; i++) {
            assertEquals("ACK#{'n': " + i + "}", udp.ask("json_wn#{\"n\": " + i + "}"));
        }
        assertTrue(done.await(5, TimeUnit.SECONDS));
        assertEquals(List.of(1, 2, 3), seen);
        assertEquals(1.0, count(UdpSocketMeters.CALLBACK_FAILURES, null, null), 0);
        assertNull(s.queue());
    }

    @Test
    void callbackAsyncCountsAnErrorAndGoesOn() throws Exception {
        List<Object> seen = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch done = new CountDownLatch(2);
        DataPushSocket s = push().action(PushAction.CALLBACK_ASYNC).callback(data -> {
            int n = ((Number) data.get("n")).intValue();
            seen.add(n);
            done.countDown();
            if (n == 1) {
                throw new AssertionError("callback assertion"); // an Error, not an exception
            }
            return null;
        }).build();
        Udp udp = started(s);
        assertEquals("ACK#{'n': 1}", udp.ask("json_wn#{\"n\": 1}"));
        assertEquals("ACK#{'n': 2}", udp.ask("json_wn#{\"n\": 2}"));
        assertTrue(done.await(5, TimeUnit.SECONDS));
        assertEquals(List.of(1, 2), seen);
        assertEquals(1.0, count(UdpSocketMeters.CALLBACK_FAILURES, null, null), 0);
    }

    @Test
    void callbackDirectAnswersAnError() {
        Udp udp = started(push().action("callback_direct").callback(d -> {
            throw new AssertionError("invariant broken");
        }).build());
        assertEquals("EXCEP#invariant broken", udp.ask("json_wn#{}")); // the sender is never left waiting
        assertEquals("EXCEP#invariant broken", udp.ask("json_wn#{}")); // and the worker still serves
        assertEquals(2.0, count(UdpSocketMeters.CALLBACK_FAILURES, null, null), 0);
    }

    @Test
    void callbackAsyncNeverRunsOnTheEventLoop() throws Exception {
        BlockingQueue<String> threads = new LinkedBlockingQueue<>();
        DataPushSocket s = push().action("callback_async").callback(d -> threads.add(Thread.currentThread().getName()))
                .build();
        Udp udp = started(s);
        udp.ask("json_wn#{}");
        assertEquals("labbridge-push-pusher", threads.poll(5, TimeUnit.SECONDS));
    }

    @Test
    void callbackDirectRepliesWithTheFormattedResult() {
        Function<Map<String, Object>, Object> cb = data -> {
            Object n = data.get("n");
            if (n == null) {
                throw new IllegalArgumentException("no n given");
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("answer", 42);
            out.put("values", List.of(42, ((Number) n).intValue()));
            return out;
        };
        Udp json = started(push().action("callback_direct").callback(cb).build());
        assertEquals("RET#{\"answer\": 42, \"values\": [42, 47]}", json.ask("json_wn#{\"n\": 47}"));
        assertEquals("EXCEP#no n given", json.ask("json_wn#{}"));
        assertEquals(1.0, count(UdpSocketMeters.CALLBACK_FAILURES, null, null), 0);

        Udp raw = started(push().action("callback_direct").callback(cb).returnFormat("raw").build());
        assertEquals("RET#answer:int:42;values:int:42,47", raw.ask("raw_wn#n:int:47"));
        Udp rawList = started(push().action("callback_direct").returnFormat(ReturnFormat.RAW)
                .callback(d -> List.of(List.of(1.0, 42.0), List.of(1.5, 45.6))).build());
        assertEquals("RET#float:1.0,42.0&1.5,45.6", rawList.ask("json_wn#{}"));
        Udp rawBad = started(push().action("callback_direct").returnFormat("raw").callback(d -> "text").build());
        assertEquals("EXCEP#Raw conversion failed with message:Return value must be a dict or list with return "
                + "format 'raw'", rawBad.ask("json_wn#{}"));
        Udp rawNone = started(push().action("callback_direct").returnFormat("raw").callback(d -> null).build());
        assertEquals("RET#None", rawNone.ask("json_wn#{}"));
        Udp string = started(push().action("callback_direct").returnFormat("string").callback(d -> d).build());
        assertEquals("RET#{'a': 1.5}", string.ask("json_wn#{\"a\": 1.5}"));
    }

    @Test
    void slowCallbackDirectDelaysOnlyItsOwnSocket() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        DataPushSocket slow = push().action("callback_direct").callback(d -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "done";
        }).build();
        Udp slowUdp = started(slow);
        Udp other = started(push().build());
        slowUdp.send("json_wn#{}".getBytes(StandardCharsets.UTF_8));
        // while the callback blocks: the other socket, and this socket's plain commands, still answer
        assertEquals("ACK#{'x': 1}", other.ask("json_wn#{\"x\": 1}"));
        assertEquals("RET#pusher", slowUdp.ask("name"));
        release.countDown();
        assertEquals("RET#\"done\"", new String(slowUdp.receive(), StandardCharsets.UTF_8));
    }

    @Test
    void theAckWaitsForTheAcknowledgementGateAndAFailureIsAnError() throws Exception {
        DataPushSocket s = push().build();
        List<java.util.concurrent.CompletableFuture<Void>> gates = new java.util.concurrent.CopyOnWriteArrayList<>();
        s.acknowledgeWhen(m -> {
            var f = new java.util.concurrent.CompletableFuture<Void>();
            gates.add(f);
            return f;
        });
        Udp udp = started(s);
        udp.send("json_wn#{\"t\": 1}".getBytes(StandardCharsets.UTF_8));
        assertEquals("RET#pusher", udp.ask("name"), "no ACK before the gate completes: the next reply is name's");
        assertEquals(1, gates.size());
        assertEquals("{t=1}", String.valueOf(s.last().data()), "stored meanwhile");
        gates.get(0).complete(null); // e.g. from the spool's writer thread
        assertEquals("ACK#{'t': 1}", new String(udp.receive(), StandardCharsets.UTF_8));

        udp.send("json_wn#{\"t\": 2}".getBytes(StandardCharsets.UTF_8));
        assertEquals("RET#pusher", udp.ask("name"));
        gates.get(1).completeExceptionally(new java.io.IOException("disk full"));
        String reply = new String(udp.receive(), StandardCharsets.UTF_8);
        assertTrue(reply.startsWith("ERROR#The message was not stored: disk full"), reply);
        assertEquals(1.0, count(UdpSocketMeters.ERRORS, "reason", "not_stored"), 0);
    }

    @Test
    void anAlreadyCompletedGateAcksAtOnce() {
        DataPushSocket s = push().build();
        s.acknowledgeWhen(m -> java.util.concurrent.CompletableFuture.completedFuture(null));
        Udp udp = started(s);
        assertEquals("ACK#{'t': 3}", udp.ask("json_wn#{\"t\": 3}"));
    }

    @Test
    void listenersSeeEveryAcceptedMessage() {
        DataPushSocket s = push().build();
        List<PushedMessage> seen = new ArrayList<>();
        s.addListener(seen::add);
        s.addListener(m -> {
            throw new IllegalStateException("listener bug");
        });
        Udp udp = started(s);
        assertEquals("ACK#{'t': 21.5}", udp.ask("json_wn#{\"t\": 21.5}"));
        udp.ask("json_wn#[1]");
        assertEquals(1, seen.size());
        assertEquals(Map.of("t", 21.5), seen.get(0).data());
        assertEquals(1700000000.5, seen.get(0).receiveTime(), 1e-6);
        assertEquals(1.0, count(UdpSocketMeters.CALLBACK_FAILURES, null, null), 0);
    }

    @Test
    void constructionErrorsUsePythonTexts() {
        assertEquals("The 'queue' argument can only be used when the action is 'enqueue'",
                assertThrows(IllegalArgumentException.class,
                        () -> push().queue(new ArrayBlockingQueue<>(1)).build()).getMessage());
        assertEquals("The 'callback' argument can only be used when the action is 'callback_async' or "
                + "'callback_direct'", assertThrows(IllegalArgumentException.class,
                () -> push().action("enqueue").callback(d -> d).build()).getMessage());
        assertEquals("Value for callback: 'None' is not callable",
                assertThrows(IllegalArgumentException.class, () -> push().action("callback_direct").build()).getMessage());
        assertEquals("The 'return_format' argument may only be one of the 'json', 'raw' or 'string' values",
                assertThrows(IllegalArgumentException.class, () -> push().returnFormat("xml")).getMessage());
        assertEquals("Unknown action 'store'. Must be one of: ['store_last', 'enqueue', 'callback_async', "
                + "'callback_direct']", assertThrows(IllegalArgumentException.class, () -> push().action("store"))
                .getMessage());
    }

    @Test
    void countsRequestsByKind() {
        Udp udp = started(push().build());
        udp.ask("json_wn#{}");
        udp.ask("raw_wn#a:int:1");
        udp.ask("name");
        assertEquals(1.0, count(UdpSocketMeters.REQUESTS, "command", "json_wn"), 0);
        assertEquals(1.0, count(UdpSocketMeters.REQUESTS, "command", "raw_wn"), 0);
        assertEquals(1.0, count(UdpSocketMeters.REQUESTS, "command", "name"), 0);
        assertEquals(3.0, count(UdpSocketMeters.REPLIES, null, null), 0);
    }
}
