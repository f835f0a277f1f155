package org.labbridge.sockets;

import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The listeners of a push socket: kept in an array copied on write, told in the order they were added. */
class PushListenersTest {

    private final AtomicInteger failures = new AtomicInteger();
    private final PushListeners listeners = new PushListeners(
            new SocketLog(LoggerFactory.getLogger(PushListenersTest.class), "push", "test"), failures::incrementAndGet);

    @Test
    void listenersHearInOrderAndRemovingTakesOutOneRegistration() {
        List<String> heard = new ArrayList<>();
        Consumer<PushedMessage> a = m -> heard.add("a" + m.data().get("t"));
        Consumer<PushedMessage> b = m -> heard.add("b" + m.data().get("t"));
        listeners.add(a);
        listeners.add(b);
        listeners.add(a);
        assertNull(listeners.tell(Map.of("t", 1), 1.0), "no gate: the ACK goes at once");
        assertEquals(List.of("a1", "b1", "a1"), heard);

        heard.clear();
        listeners.remove(a); // the first registration only, as List.remove
        listeners.remove(m -> { }); // not registered: nothing changes
        listeners.tell(Map.of("t", 2), 2.0);
        assertEquals(List.of("b2", "a2"), heard);

        heard.clear();
        listeners.remove(a);
        listeners.remove(b);
        listeners.tell(Map.of("t", 3), 3.0);
        assertEquals(List.of(), heard);
    }

    @Test
    void aListenerThatThrowsIsCountedAndTheOthersStillHear() {
        List<Object> heard = new ArrayList<>();
        listeners.add(m -> {
            throw new IllegalStateException("boom");
        });
        listeners.add(m -> heard.add(m.data().get("t")));
        listeners.tell(Map.of("t", 7), 7.0);
        assertEquals(List.of(7), heard);
        assertEquals(1, failures.get());
    }
}
