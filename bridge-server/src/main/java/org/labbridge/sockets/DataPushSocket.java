package org.labbridge.sockets;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import org.labbridge.codec.pyexplabsys.PushCommand;
import org.labbridge.codec.pyexplabsys.PushReplies;
import org.labbridge.codec.pyexplabsys.PushRequest;
import org.labbridge.codec.pyexplabsys.ReturnFormat;
import org.labbridge.codec.python.JsonLimits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * PyExpLabSys's {@code DataPushSocket}: receives {@code json_wn#{...}} and {@code raw_wn#...} dicts on UDP
 * (default port 8500), keeps {@link #last()} and {@link #updated()}, and per {@link PushAction} also
 * enqueues them or calls a callback.
 *
 * <p>Threading: parsing, storing and {@code ACK} replies happen on the event loop. Callbacks never do: they
 * run in order on one worker thread per socket (created only for callback actions), whose queue is bounded;
 * a {@code callback_direct} reply is sent when the callback returns, so a slow callback delays only this
 * socket's callback replies. Listeners ({@link #addListener}) are called on the event loop and must not
 * block.
 */
public final class DataPushSocket extends UdpSocketServer {

    private static final Logger log = LoggerFactory.getLogger(DataPushSocket.class);

    private final PushAction action;
    private final BlockingQueue<Map<String, Object>> queue;
    private final Function<Map<String, Object>, Object> callback;
    private final ReturnFormat returnFormat;
    private final int queueCapacity;
    private final OverflowPolicy overflowPolicy;
    private final JsonLimits jsonLimits;
    private final Function<Map<String, Object>, String> admission;
    private final PushListeners listeners;
    private final byte[] nameReply;
    private final byte[] commandsReply = PushReplies.commands().getBytes(StandardCharsets.UTF_8);
    private final PushedValues values;
    /** Runs the callbacks (callback actions only), else null. */
    private final CallbackWorker worker;
    private volatile SocketMetrics<PushCommand> metrics;

    private DataPushSocket(Builder b) {
        super(b, "push");
        // PyExpLabSys's argument checks, in its order and with its texts.
        if (b.queue != null && b.action != PushAction.ENQUEUE) {
            throw new IllegalArgumentException("The 'queue' argument can only be used when the action is 'enqueue'");
        }
        if (b.callback != null && !b.action.isCallback()) {
            throw new IllegalArgumentException("The 'callback' argument can only be used when the action is "
                    + "'callback_async' or 'callback_direct'");
        }
        if (b.action.isCallback() && b.callback == null) {
            throw new IllegalArgumentException("Value for callback: 'None' is not callable");
        }
        this.action = b.action;
        this.callback = b.callback;
        this.returnFormat = b.returnFormat;
        this.queueCapacity = b.queueCapacity;
        this.overflowPolicy = b.overflowPolicy;
        this.jsonLimits = b.jsonLimits;
        this.admission = b.admission;
        // Python keeps every key ever pushed; a hostile or buggy sender of ever-new keys (or huge values)
        // would grow memory without bound, so the oldest keys are forgotten beyond either bound.
        this.values = new PushedValues(b.maxUpdatedKeys, b.maxUpdatedBytes);
        this.queue = action != PushAction.ENQUEUE ? null
                : b.queue != null ? b.queue : new ArrayBlockingQueue<>(b.queueCapacity);
        this.nameReply = PushReplies.name(name).getBytes(StandardCharsets.UTF_8);
        this.listeners = new PushListeners(peerLog, () -> metrics.callbackFailure());
        this.worker = action.isCallback() ? new CallbackWorker(name, queueCapacity) : null;
        this.metrics = newMetrics();
    }

    /** Python's {@code DataPushSocket(name)}: port 8500, action {@code store_last}. */
    public DataPushSocket(String name) {
        this(builder(name));
    }

    /** A builder with Python's defaults: port 8500, {@code store_last}, return format json, no activity check. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** The action of this socket. */
    public PushAction action() {
        return action;
    }

    /** Python's {@code queue}: the queue of received dicts for {@code enqueue}, else {@code null}. */
    public BlockingQueue<Map<String, Object>> queue() {
        return queue;
    }

    /** Python's {@code last}: the last received dict and its time, {@code (null, null)} before any. */
    public PushData last() {
        return values.last();
    }

    /** Python's {@code updated}: the newest value of every key ever received, {@code (null, {})} before any. */
    public PushData updated() {
        return values.updated();
    }

    /** Python's {@code set_last_to_none()}. */
    public void setLastToNone() {
        values.setLastToNone();
    }

    /** Python's {@code clear_updated()}. */
    public void clearUpdated() {
        values.clearUpdated();
    }

    /**
     * Observes every accepted message (besides the action), e.g. for the daemon's routing. Called on the
     * event loop in arrival order: it must not block. A listener that throws is logged and counted.
     */
    public void addListener(Consumer<PushedMessage> listener) {
        listeners.add(listener);
    }

    /**
     * Makes the {@code ACK#} of an accepted push (action {@code store_last}) wait: {@code gate} is called
     * like a listener, on the event loop (it must not block), and the reply is sent when the stage it returns
     * completes, from the thread that completes it (at once when it returns {@code null}); if it fails, the sender gets an {@code ERROR#} saying
     * the message was not stored (it was still kept as last/updated and passed to the listeners). The daemon
     * uses it so that a push routed to a disk spool is acknowledged only once spooled.
     */
    public void acknowledgeWhen(Function<PushedMessage, CompletionStage<?>> gate) {
        listeners.gate(gate);
    }

    /** Removes a listener added with {@link #addListener}. */
    public void removeListener(Consumer<PushedMessage> listener) {
        listeners.remove(listener);
    }

    /** The meters of the current run. */
    SocketMetrics<PushCommand> metrics() {
        return metrics;
    }

    private SocketMetrics<PushCommand> newMetrics() {
        SocketMetrics<PushCommand> m = new SocketMetrics<>(meterRegistry, name, port(), PushCommand.class,
                PushCommand::tag);
        if (queue != null) {
            BlockingQueue<Map<String, Object>> q = queue;
            m.queueDepth(q::size);
        } else if (worker != null) {
            m.queueDepth(worker::waiting);
        }
        return m;
    }

    @Override
    ChannelHandler newHandler() {
        return new PushHandler(this);
    }

    @Override
    void onStarted() {
        metrics.close();
        metrics = newMetrics();
        if (worker != null) {
            worker.restartIfStopped();
        }
    }

    @Override
    void onStopped() {
        metrics.close();
        if (worker != null) {
            worker.stop();
        }
    }

    /** The reply to one request; {@code null} when a {@code callback_direct} reply will follow. */
    byte[] reply(String request, InetSocketAddress sender, PushHandler handler) {
        return answer(PushRequest.parse(request, jsonLimits), sender, handler);
    }

    /**
     * {@link #reply(String, InetSocketAddress, PushHandler)} of the request in {@code bytes} (valid UTF-8): a
     * flat {@code json_wn#} read from the bytes, anything else decoded and parsed as before.
     */
    byte[] reply(byte[] bytes, int length, InetSocketAddress sender, PushHandler handler) {
        PushRequest r = PushRequest.parseFlatJson(bytes, 0, length, jsonLimits);
        if (r == null) {
            r = PushRequest.parse(new String(bytes, 0, length, StandardCharsets.UTF_8), jsonLimits);
        }
        return answer(r, sender, handler);
    }

    private byte[] answer(PushRequest r, InetSocketAddress sender, PushHandler handler) {
        SocketMetrics<PushCommand> m = metrics;
        m.request(r.command());
        switch (r.command()) {
            case NAME:
                return nameReply;
            case COMMANDS:
                return commandsReply;
            case STATUS:
                return registry.statusJson().getBytes(StandardCharsets.UTF_8);
            default:
                break;
        }
        if (r.isError()) {
            ErrorReason reason = switch (r.command()) {
                case JSON_WN -> ErrorReason.BAD_JSON;
                case RAW_WN -> ErrorReason.BAD_RAW;
                default -> ErrorReason.UNKNOWN_COMMAND;
            };
            m.error(reason);
            if (reason != ErrorReason.UNKNOWN_COMMAND) { // answered and harmless: counted, not logged
                peerLog.badRequest(reason, sender);
            }
            return utf8(PushReplies.error(r.error()));
        }
        Map<String, Object> data = Collections.unmodifiableMap(r.data());
        String refusal = admission.apply(data);
        if (refusal != null) {
            m.error(ErrorReason.REFUSED);
            return utf8(PushReplies.error(refusal + "; the message was not stored"));
        }
        return accept(data, sender, handler);
    }

    private byte[] accept(Map<String, Object> data, InetSocketAddress sender, PushHandler handler) {
        double now = now();
        // Room is made (or the message refused) BEFORE storing, so that a refused message leaves no trace;
        // then, as in Python, last/updated are set before the queue or the callback sees the message. The
        // event loop is the only producer, so the room checked here is still there when we add.
        switch (action) {
            case ENQUEUE -> {
                // An owner-supplied queue may have other producers, so the room made here can be gone by
                // the offer: that is refused like a full queue, never acknowledged. Storing after the offer
                // keeps "a refused message leaves no trace" (a consumer may then see the item a moment
                // before last() does, which no caller can tell from a consumer that was just faster).
                if (!makeRoom(queue, overflowPolicy)) {
                    return queueFull();
                }
                if (!queue.offer(data)) {
                    metrics.overflow();
                    return queueFull();
                }
                store(data, now);
                return ack(data, sender, handler);
            }
            case CALLBACK_ASYNC -> {
                if (!submit(() -> callAsync(data), overflowPolicy, data, now)) {
                    return queueFull();
                }
                return ack(data, sender, handler);
            }
            case CALLBACK_DIRECT -> {
                // Each waiting sender expects its own reply: never drop one silently.
                if (!submit(() -> callDirect(data, sender, handler), OverflowPolicy.REJECT, data, now)) {
                    return queueFull();
                }
                return null;
            }
            default -> {
                CompletionStage<?> stored = store(data, now);
                CompletableFuture<?> done = stored == null ? null : stored.toCompletableFuture();
                if (done == null || (done.isDone() && !done.isCompletedExceptionally())) {
                    return ack(data, sender, handler);
                }
                byte[] ack = utf8(PushReplies.ack(data));
                done.whenComplete((v, failure) -> acknowledgeLater(handler, sender, ack, failure));
                return null;
            }
        }
    }

    /**
     * The {@code ACK#} of an accepted push, answered now: written by the handler straight into the
     * datagram (then {@code null}: nothing left to send), or as bytes without a handler.
     */
    private byte[] ack(Map<String, Object> data, InetSocketAddress sender, PushHandler handler) {
        if (handler == null) {
            return utf8(PushReplies.ack(data));
        }
        handler.writeAck(data, sender);
        return null;
    }

    /** The deferred reply of {@link #acknowledgeWhen}: the ACK, or an error when the message was not stored. */
    private void acknowledgeLater(PushHandler handler, InetSocketAddress sender, byte[] ack, Throwable failure) {
        byte[] reply = ack;
        if (failure != null) {
            Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            metrics.error(ErrorReason.NOT_STORED);
            log.debug("push socket '{}': a push was not stored: {}", name, cause.toString());
            reply = utf8(PushReplies.error("The message was not stored: " + cause.getMessage()));
        }
        Channel ch = handler.channel();
        if (ch != null && ch.isActive()) {
            handler.write(ch, sender, reply);
        }
    }

    /** Stores and tells the listeners. @return the stage the ACK waits for, or null */
    private CompletionStage<?> store(Map<String, Object> data, double now) {
        values.put(data, now);
        return listeners.tell(data, now);
    }

    /** Whether there is room for one more item, dropping the oldest under DROP_OLDEST. */
    private boolean makeRoom(BlockingQueue<?> q, OverflowPolicy policy) {
        if (q.remainingCapacity() > 0) {
            return true;
        }
        metrics.overflow();
        if (policy == OverflowPolicy.DROP_OLDEST && q.poll() != null) {
            peerLog.queueFull(queueCapacity, true);
            return true;
        }
        return false;
    }

    private boolean submit(Runnable task, OverflowPolicy policy, Map<String, Object> data, double now) {
        ThreadPoolExecutor w = worker.running();
        if (w == null || !makeRoom(w.getQueue(), policy)) {
            return false;
        }
        store(data, now);
        try {
            w.execute(task);
            return true;
        } catch (RejectedExecutionException e) { // only when stopping concurrently
            return false;
        }
    }

    private byte[] queueFull() {
        metrics.error(ErrorReason.QUEUE_FULL);
        peerLog.queueFull(queueCapacity, false);
        return utf8(PushReplies.error("The queue is full (" + queueCapacity + " items waiting); the message was "
                + "not stored, try again later"));
    }

    private void callAsync(Map<String, Object> data) {
        try {
            callback.apply(data);
        } catch (RuntimeException | Error e) {
            // §8: Python's callback thread dies here and later items are never processed. An Error (an
            // assertion, a stack overflow) is counted and logged too, not left to kill the worker unseen.
            metrics.callbackFailure();
            peerLog.callbackFailed(data, e);
            rethrowIfFatal(e);
        }
    }

    private void callDirect(Map<String, Object> data, InetSocketAddress sender, PushHandler handler) {
        String reply;
        Throwable fatal = null;
        try {
            reply = returnFormat.format(callback.apply(data));
        } catch (RuntimeException | Error e) {
            // Any failure is answered: the sender waits for exactly one reply (an Error too, e.g. an assertion).
            metrics.callbackFailure();
            log.debug("push socket '{}': callback raised {}", name, e.toString());
            reply = PushReplies.excep(PushReplies.exceptionText(e));
            fatal = e;
        }
        Channel ch = handler.channel();
        if (ch != null && ch.isActive()) {
            handler.write(ch, sender, utf8(reply));
        }
        rethrowIfFatal(fatal);
    }

    /** The JVM is in trouble (out of memory, say): the worker thread ends and the executor replaces it. */
    private static void rethrowIfFatal(Throwable t) {
        if (t instanceof VirtualMachineError fatal) {
            throw fatal;
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Options of {@link DataPushSocket} (Python's keyword arguments, plus labbridge's bounds). */
    public static final class Builder extends PushSocketOptions<Builder> {
        Builder(String name) {
            super(name);
        }

        /** Builds the socket (not started), checking the arguments with PyExpLabSys's texts. */
        public DataPushSocket build() {
            return new DataPushSocket(this);
        }
    }
}
