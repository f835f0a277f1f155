package org.labbridge.bridge;

import org.labbridge.codec.message.BridgeMessage;

/**
 * Where the bridge server delivers what its clients send (the daemon wires its routing graph here).
 * Called on the receiving connection's event loop, once per message, in the order of that connection:
 * it must not block (hand slow work to another executor). An exception is logged and does not close
 * the connection.
 */
@FunctionalInterface
public interface BridgeSink {
    void onMessage(BridgeMessage message);
}
