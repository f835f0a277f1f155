package org.labbridge.daemon.nodes;

import org.labbridge.daemon.Message;
import org.labbridge.daemon.Node;
import org.labbridge.daemon.config.NodeConfig;

import java.util.function.Consumer;

/**
 * What every configured node shares: its configuration, its name, and (for sources) where its messages go.
 *
 * @param <C> the node's configuration record
 */
abstract class AbstractNode<C extends NodeConfig> implements Node {

    protected final C config;
    private volatile Consumer<Message> downstream = message -> { };

    AbstractNode(C config) {
        this.config = config;
    }

    @Override
    public final String name() {
        return config.name();
    }

    @Override
    public final void outputTo(Consumer<Message> downstream) {
        this.downstream = downstream;
    }

    /** Hands a produced message to the router. */
    protected final void emit(Message message) {
        downstream.accept(message);
    }
}
