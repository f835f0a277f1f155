package org.labbridge.mqtt;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.labbridge.daemon.Message;
import org.labbridge.daemon.Node;
import org.labbridge.daemon.NodeContext;
import org.labbridge.daemon.config.MqttPublishNodeConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An {@code mqtt-publish} node: what is routed in is encoded ({@link PublishEncoder}), queued in the outbox
 * and published by the {@link PublishPump} whenever a broker is connected.
 */
public final class MqttPublishNode implements Node {

    private static final Logger log = LoggerFactory.getLogger(MqttPublishNode.class);

    private final MqttPublishNodeConfig config;
    private final MeterRegistry registry;
    private final Map<String, Counter> dropped = new ConcurrentHashMap<>();
    private final Outbox outbox;
    private final PublishEncoder encoder;
    private final MqttQos qos;
    private final Counter connections;
    private final Counter disconnects;
    private volatile BrokerConnection connection;
    private volatile PublishPump pump;

    public MqttPublishNode(MqttPublishNodeConfig config, NodeContext context) {
        this.config = config;
        this.registry = context.registry();
        this.qos = PublishPump.qos(config.qos());
        this.outbox = new MemoryOutbox(config.queueMessages(), config.queueBytes().bytes(), this::dropped);
        this.encoder = new PublishEncoder(TopicTemplate.parse(config.topic()), config.retain(), this::dropped);
        this.connections = MqttMeters.CONNECTIONS.counter(registry, config.name());
        this.disconnects = MqttMeters.DISCONNECTS.counter(registry, config.name());
        MqttMeters.QUEUED_MESSAGES.gauge(registry, config.name(), outbox::size);
        MqttMeters.QUEUED_BYTES.gauge(registry, config.name(), outbox::bytes);
        MqttMeters.INFLIGHT.gauge(registry, config.name(), () -> pump == null ? 0 : pump.inflight());
        MqttMeters.CONNECTED.gauge(registry, config.name(), () -> connection != null && connection.isConnected() ? 1 : 0);
    }

    private void dropped(String reason, int records) {
        dropped.computeIfAbsent(reason, r -> MqttMeters.DROPPED.counter(registry, config.name(), "reason", r))
                .increment(records);
    }

    @Override
    public String name() {
        return config.name();
    }

    @Override
    public void start() throws Exception {
        byte[] password = Passwords.read(config);
        RateLimitedLog refusals = new RateLimitedLog(log, Duration.ofSeconds(10));
        BrokerConnection conn = new BrokerConnection(config, password, new BrokerConnection.Listener() {
            @Override
            public void connected() {
                connections.increment();
                pump.kick();
            }

            @Override
            public void disconnected() {
                disconnects.increment();
            }
        });
        this.connection = conn;
        this.pump = new PublishPump(outbox, new PublishPump.Sender() {
            @Override
            public java.util.concurrent.CompletableFuture<?> send(MqttRecord record) {
                return conn.publish(record, qos);
            }

            @Override
            public boolean isConnected() {
                return conn.isConnected();
            }
        }, config.maxInflight(), PublishPump.counting(
                MqttMeters.PUBLISHED.counter(registry, config.name()),
                MqttMeters.RETRIED.counter(registry, config.name()),
                MqttMeters.DROPPED.counter(registry, config.name(), "reason", PublishPump.REJECTED),
                refusals, config.name()));
        conn.start();
    }

    /** Encodes and queues; the send happens on HiveMQ's threads or here, never blocking. */
    @Override
    public void accept(Message message) {
        for (MqttRecord record : encoder.encode(message)) {
            outbox.offer(record);
        }
        PublishPump p = pump;
        if (p != null) {
            p.kick();
        }
    }

    /** Waits up to {@code drain} for the outbox to empty, then disconnects; what is left is dropped as closed. */
    @Override
    public void stop(Duration drain) {
        PublishPump p = pump;
        try {
            if (p != null && !p.awaitDrained(drain)) {
                log.warn("mqtt {}: {} publishes not sent within the drain time", config.name(), outbox.size() + p.inflight());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        BrokerConnection c = connection;
        if (c != null) {
            c.stop(Duration.ofSeconds(2));
        }
        int left = outbox.close();
        if (left > 0) {
            dropped(MemoryOutbox.CLOSED, left);
        }
    }

    @Override
    public String describe() {
        return "mqtt-publish → " + config.broker() + " topic " + config.topic() + " qos " + config.qos()
                + (config.retain() ? " retained" : "");
    }
}
