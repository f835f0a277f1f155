package org.labbridge.sockets;

import org.labbridge.codec.pyexplabsys.PyExpLabSys;
import org.labbridge.codec.pyexplabsys.ReturnFormat;
import org.labbridge.codec.python.JsonLimits;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.function.Function;

/**
 * The options of {@link DataPushSocket} (Python's keyword arguments, plus labbridge's bounds), set through
 * {@link DataPushSocket.Builder}.
 *
 * @param <B> the concrete builder
 */
public abstract class PushSocketOptions<B extends PushSocketOptions<B>> extends SocketBuilder<B> {
    PushAction action = PushAction.STORE_LAST;
    BlockingQueue<Map<String, Object>> queue;
    Function<Map<String, Object>, Object> callback;
    ReturnFormat returnFormat = ReturnFormat.JSON;
    int queueCapacity = 10_000;
    OverflowPolicy overflowPolicy = OverflowPolicy.REJECT;
    JsonLimits jsonLimits = JsonLimits.DEFAULT;
    int maxUpdatedKeys = 10_000;
    long maxUpdatedBytes = 16L << 20;
    Function<Map<String, Object>, String> admission = data -> null;

    PushSocketOptions(String name) {
        super(name, PyExpLabSys.DATA_PUSH_PORT, false);
    }

    /** Python's {@code action} (default {@code store_last}). */
    public B action(PushAction action) {
        this.action = Objects.requireNonNull(action, "action");
        return self();
    }

    /** Python's {@code action} by its Python spelling, with Python's error text. */
    public B action(String action) {
        return action(PushAction.of(action));
    }

    /** Python's {@code queue}: the owner's queue for {@code enqueue} (its capacity is the bound). */
    public B queue(BlockingQueue<Map<String, Object>> queue) {
        this.queue = queue;
        return self();
    }

    /**
     * Python's {@code callback}, for {@code callback_async} (return value ignored) and
     * {@code callback_direct} (return value formatted per {@link #returnFormat}).
     */
    public B callback(Function<Map<String, Object>, Object> callback) {
        this.callback = callback;
        return self();
    }

    /** Python's {@code return_format} (default json). */
    public B returnFormat(ReturnFormat returnFormat) {
        this.returnFormat = Objects.requireNonNull(returnFormat, "returnFormat");
        return self();
    }

    /** Python's {@code return_format} by its Python spelling, with Python's error text. */
    public B returnFormat(String returnFormat) {
        return returnFormat(ReturnFormat.of(returnFormat));
    }

    /** Bound of the default {@code enqueue} queue and of the callback worker's queue (default 10,000). */
    public B queueCapacity(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("queueCapacity must be >= 1: " + capacity);
        }
        this.queueCapacity = capacity;
        return self();
    }

    /** What to do when the queue is full (default {@link OverflowPolicy#REJECT}). */
    public B overflowPolicy(OverflowPolicy policy) {
        this.overflowPolicy = Objects.requireNonNull(policy, "policy");
        return self();
    }

    /** The most keys {@link #updated()} remembers (default 10,000); beyond it the oldest are forgotten. */
    public B maxUpdatedKeys(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("maxUpdatedKeys must be at least 1");
        }
        this.maxUpdatedKeys = max;
        return self();
    }

    /**
     * The most bytes (estimated: string lengths, 8 per number) {@link #updated()} holds (default 16 MiB);
     * beyond it the oldest keys are forgotten.
     */
    public B maxUpdatedBytes(long max) {
        if (max < 1) {
            throw new IllegalArgumentException("maxUpdatedBytes must be at least 1");
        }
        this.maxUpdatedBytes = max;
        return self();
    }

    /** Bounds on {@code json_wn#} payloads (default {@link JsonLimits#DEFAULT}). */
    public B jsonLimits(JsonLimits limits) {
        this.jsonLimits = Objects.requireNonNull(limits, "limits");
        return self();
    }

    /**
     * labbridge's check before a message is acknowledged or stored: a non-null text refuses it, answered
     * {@code ERROR#<text>; the message was not stored} and counted ({@code refused}). Called on the event
     * loop: it must not block.
     */
    public B admission(Function<Map<String, Object>, String> admission) {
        this.admission = Objects.requireNonNull(admission, "admission");
        return self();
    }
}
