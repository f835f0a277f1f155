package org.labbridge.sockets;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Who hears of a push a socket accepted, besides its action: the listeners (in the order they were added)
 * and the gate that decides when the {@code ACK#} goes out ({@link DataPushSocket#acknowledgeWhen}). Called
 * on the event loop. A listener or gate that throws is counted and logged (rate-limited); the others still
 * hear, and a gate that threw fails the acknowledgement.
 */
final class PushListeners {

    private final List<Consumer<PushedMessage>> listeners = new CopyOnWriteArrayList<>();
    private volatile Function<PushedMessage, CompletionStage<?>> gate;
    private final SocketLog peerLog;
    private final Runnable countFailure;

    /** {@code countFailure} counts a listener or gate that threw (the socket's current meters). */
    PushListeners(SocketLog peerLog, Runnable countFailure) {
        this.peerLog = peerLog;
        this.countFailure = countFailure;
    }

    void add(Consumer<PushedMessage> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    void remove(Consumer<PushedMessage> listener) {
        listeners.remove(listener);
    }

    void gate(Function<PushedMessage, CompletionStage<?>> gate) {
        this.gate = gate;
    }

    /** Tells everyone of a stored message. @return the stage its ACK waits for, or null (at once) */
    CompletionStage<?> tell(Map<String, Object> data, double receiveTime) {
        Function<PushedMessage, CompletionStage<?>> g = gate;
        if (listeners.isEmpty() && g == null) {
            return null;
        }
        PushedMessage message = new PushedMessage(data, receiveTime);
        for (Consumer<PushedMessage> l : listeners) {
            try {
                l.accept(message);
            } catch (RuntimeException e) {
                countFailure.run();
                peerLog.listenerFailed(e);
            }
        }
        if (g == null) {
            return null;
        }
        try {
            return g.apply(message);
        } catch (RuntimeException e) {
            countFailure.run();
            peerLog.listenerFailed(e); // rate-limited: a flood can make the spool refuse
            return CompletableFuture.failedFuture(e);
        }
    }
}
