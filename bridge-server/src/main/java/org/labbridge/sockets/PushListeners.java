package org.labbridge.sockets;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Who hears of a push a socket accepted, besides its action: the listeners (in the order they were added)
 * and the gate that decides when the {@code ACK#} goes out ({@link DataPushSocket#acknowledgeWhen}). Called
 * on the event loop. A listener or gate that throws is counted and logged (rate-limited); the others still
 * hear, and a gate that threw fails the acknowledgement.
 */
final class PushListeners {

    /** Copied on write (adding and removing are rare), read by index: no iterator object per push. */
    private volatile Consumer<PushedMessage>[] listeners = newArray(0);
    private volatile Function<PushedMessage, CompletionStage<?>> gate;
    private final SocketLog peerLog;
    private final Runnable countFailure;

    /** {@code countFailure} counts a listener or gate that threw (the socket's current meters). */
    PushListeners(SocketLog peerLog, Runnable countFailure) {
        this.peerLog = peerLog;
        this.countFailure = countFailure;
    }

    synchronized void add(Consumer<PushedMessage> listener) {
        Objects.requireNonNull(listener, "listener");
        Consumer<PushedMessage>[] old = listeners;
        Consumer<PushedMessage>[] grown = Arrays.copyOf(old, old.length + 1);
        grown[old.length] = listener;
        listeners = grown;
    }

    /** Removes the first registration of {@code listener} (as a list's remove would). */
    synchronized void remove(Consumer<PushedMessage> listener) {
        Consumer<PushedMessage>[] old = listeners;
        for (int i = 0; i < old.length; i++) {
            if (old[i].equals(listener)) {
                Consumer<PushedMessage>[] shrunk = newArray(old.length - 1);
                System.arraycopy(old, 0, shrunk, 0, i);
                System.arraycopy(old, i + 1, shrunk, i, old.length - i - 1);
                listeners = shrunk;
                return;
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Consumer<PushedMessage>[] newArray(int size) {
        return (Consumer<PushedMessage>[]) new Consumer<?>[size];
    }

    void gate(Function<PushedMessage, CompletionStage<?>> gate) {
        this.gate = gate;
    }

    /** Tells everyone of a stored message. @return the stage its ACK waits for, or null (at once) */
    CompletionStage<?> tell(Map<String, Object> data, double receiveTime) {
        Function<PushedMessage, CompletionStage<?>> g = gate;
        Consumer<PushedMessage>[] all = listeners;
        if (all.length == 0 && g == null) {
            return null;
        }
        PushedMessage message = new PushedMessage(data, receiveTime);
        for (Consumer<PushedMessage> l : all) {
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
