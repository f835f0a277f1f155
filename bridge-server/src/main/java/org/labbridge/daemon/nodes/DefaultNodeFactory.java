package org.labbridge.daemon.nodes;

import org.labbridge.daemon.Node;
import org.labbridge.daemon.NodeContext;
import org.labbridge.daemon.NodeFactory;
import org.labbridge.daemon.config.BridgeClientNodeConfig;
import org.labbridge.daemon.config.BridgeServerNodeConfig;
import org.labbridge.daemon.config.LiveNodeConfig;
import org.labbridge.daemon.config.LogNodeConfig;
import org.labbridge.daemon.config.PullNodeConfig;
import org.labbridge.daemon.config.PushNodeConfig;
import org.labbridge.tls.TlsException;
import org.labbridge.daemon.config.MetricsConfig;
import org.labbridge.daemon.config.MqttPublishNodeConfig;
import org.labbridge.daemon.config.MqttSubscribeNodeConfig;
import org.labbridge.daemon.config.NodeConfig;
import org.labbridge.mqtt.MqttPublishNode;
import org.labbridge.mqtt.MqttSubscribeNode;

/** Builds the node of each configured kind. */
public final class DefaultNodeFactory implements NodeFactory {

    @Override
    public Node create(NodeConfig config, NodeContext context) throws TlsException {
        // Java 17: no pattern matching in switch yet.
        if (config instanceof PullNodeConfig pull) {
            return new PullSocketNode(pull, context);
        }
        if (config instanceof PushNodeConfig push) {
            return new PushSocketNode(push, context);
        }
        if (config instanceof LiveNodeConfig live) {
            return new LiveSocketNode(live, context);
        }
        if (config instanceof BridgeServerNodeConfig server) {
            return new BridgeServerNode(server, context);
        }
        if (config instanceof BridgeClientNodeConfig client) {
            return new BridgeClientNode(client, context);
        }
        if (config instanceof MqttPublishNodeConfig publish) {
            return new MqttPublishNode(publish, context);
        }
        if (config instanceof MqttSubscribeNodeConfig subscribe) {
            return new MqttSubscribeNode(subscribe, context);
        }
        if (config instanceof LogNodeConfig log) {
            return new LogNode(log);
        }
        throw new IllegalArgumentException("no node for kind " + config.kind());
    }

    @Override
    public Node metrics(MetricsConfig config, NodeContext context) {
        return new MetricsSocketNode(config, context);
    }
}
