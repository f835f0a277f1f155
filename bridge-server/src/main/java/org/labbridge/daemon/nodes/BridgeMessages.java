package org.labbridge.daemon.nodes;

import io.micrometer.core.instrument.Counter;
import org.labbridge.codec.message.BridgeMessage;
import org.labbridge.codec.python.PyJson;
import org.labbridge.codec.python.PyJsonException;
import org.labbridge.daemon.DaemonMeters;
import org.labbridge.daemon.Message;
import org.labbridge.daemon.NodeContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.function.Consumer;

/**
 * Turns what a bridge node receives into graph messages: a JSON object becomes a message (codename →
 * value, in the Python value model); anything else has no codenames and is counted as rejected.
 */
final class BridgeMessages {

    private static final Logger log = LoggerFactory.getLogger(BridgeMessages.class);

    private final String node;
    private final Counter notAnObject;

    BridgeMessages(String node, NodeContext context) {
        this.node = node;
        this.notAnObject = DaemonMeters.MESSAGES_REJECTED.counter(context.registry(), "node", node,
                "reason", "not_an_object");
    }

    /**
     * Hands {@code received} to {@code downstream} when it is a JSON object (its values are read only if a
     * node needs them), or counts why not. With {@code structure_type: string}, text that parses as a JSON
     * object is routed too.
     */
    void route(BridgeMessage received, Consumer<Message> downstream) {
        Message message = received.isJson() ? Message.fromBridge(received, node) : fromText(received);
        if (message != null) {
            downstream.accept(message);
        } else {
            notAnObject.increment();
            log.debug("bridge {}: message from {} is not a JSON object; not routed", node, received.source());
        }
    }

    /** Plain text ({@code structure_type: string}) that happens to be a JSON object, or null. */
    private Message fromText(BridgeMessage received) {
        try {
            // The Python loader keeps ints as ints and NaN/Infinity as floats, as a push socket would.
            if (PyJson.loads(received.text()) instanceof Map<?, ?> map) {
                @SuppressWarnings("unchecked")
                Map<String, Object> values = (Map<String, Object>) map;
                return new Message(values, received.receivedAt(), node);
            }
        } catch (PyJsonException e) {
            // not JSON: plain text has no codenames
        }
        return null;
    }
}
