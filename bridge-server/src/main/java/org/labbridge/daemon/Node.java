package org.labbridge.daemon;

import io.micrometer.core.instrument.Tag;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * A running node of the graph. Sources hand what they produce to the consumer given by {@link #outputTo};
 * sinks take what is routed to them in {@link #accept}. Both may be called on event-loop threads: they must
 * never block.
 */
public interface Node {

    /** The node's unique name. */
    String name();

    /** Binds sockets or starts connecting; after this the node serves. */
    void start() throws Exception;

    /** Where this node's messages go (called once, before {@link #start}); sinks-only nodes ignore it. */
    default void outputTo(Consumer<Message> downstream) {
    }

    /**
     * Why this node would leave part of {@code values} out if they were routed to it now (a limit of its
     * state), as a sentence, or {@code null}. A push asks its routes before acknowledging, so that its sender
     * gets an error rather than an ACK for data that would be dropped. Must not block.
     */
    default String refusal(java.util.Map<String, Object> values) {
        return null;
    }

    /** What a source asks before it accepts input: {@link #refusal} of the nodes it routes to (called once, before start). */
    default void admitWith(java.util.function.Function<java.util.Map<String, Object>, String> routesRefusal) {
    }

    /** Takes a routed message. Must not block. */
    default void accept(Message message) {
        throw new UnsupportedOperationException(name() + " accepts no messages");
    }

    /** Stops serving: flush what can be flushed within {@code drain}, then release ports and resources. */
    void stop(Duration drain);

    /** A short description for logs and {@code labbridge check}: kind and endpoint. */
    String describe();

    /**
     * Tags that mark a meter as this node's ({@code /api/nodes} groups meters by them): by default
     * {@code node=<name>}; socket and bridge nodes add the tags their components' meters carry.
     */
    default List<Tag> meterTags() {
        return List.of(Tag.of("node", name()));
    }
}
