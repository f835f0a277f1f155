package org.labbridge.bridge.pipeline;

import org.labbridge.codec.message.BridgeMessage;
import org.labbridge.codec.message.MessageFrameDecoder;
import org.slf4j.Logger;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * Hands every received message to each target (the server's sinks, the client's subscribers), on the
 * event loop, in the order of the connection. A target that throws is logged and skipped: the others and
 * the connection carry on. The {@code framing} handler ({@link MessageFrameDecoder}) calls it for each
 * message it decodes: not a handler of its own, because a pipeline hop per message cost ~9 % of a relay's
 * CPU at a million messages/s. Sharable: it holds no per-connection state.
 *
 * @param <T> the targets' type
 */
public final class MessageDelivery<T> implements Consumer<BridgeMessage> {

    /** Gives one message to one target. */
    @FunctionalInterface
    public interface Call<T> {
        void deliver(T target, BridgeMessage message);
    }

    private final Iterable<T> targets;
    private final Call<T> call;
    private final Logger log;
    private final String owner;

    /**
     * @param targets read for every message (a concurrent list: targets may come and go)
     * @param log     the role's logger
     * @param owner   the log prefix, e.g. {@code bridge server up}
     */
    public MessageDelivery(Iterable<T> targets, Call<T> call, Logger log, String owner) {
        this.targets = Objects.requireNonNull(targets);
        this.call = Objects.requireNonNull(call);
        this.log = Objects.requireNonNull(log);
        this.owner = Objects.requireNonNull(owner);
    }

    @Override
    public void accept(BridgeMessage m) {
        for (T target : targets) {
            try {
                call.deliver(target, m);
            } catch (RuntimeException | Error e) {
                // An Error too (a StackOverflowError on a deep value): as when this was a pipeline handler and
                // Netty caught whatever it threw, the rest of the read still reaches every target.
                log.warn("{}: {} failed on a message from {}", owner, target, m.source(), e);
            }
        }
    }
}
