package org.labbridge.mqtt;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import org.labbridge.daemon.AckBarrier;
import org.labbridge.daemon.Message;
import org.labbridge.daemon.Node;
import org.labbridge.daemon.NodeContext;
import org.labbridge.daemon.config.MqttPublishNodeConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An {@code mqtt-publish} node: what is routed in is encoded ({@link PublishEncoder}), queued in the outbox
 * (in memory, or with {@code spool:} on disk: {@link SpoolOutbox}) and published by the {@link PublishPump}
 * whenever a broker is connected. A push routed here is acknowledged once its records are in the outbox:
 * with a spool, once written (fsynced with {@code fsync: always}).
 */
public final class MqttPublishNode implements Node {

    private static final Logger log = LoggerFactory.getLogger(MqttPublishNode.class);

    private final MqttPublishNodeConfig config;
    private final MeterRegistry registry;
    private final Map<String, Counter> dropped = new ConcurrentHashMap<>();
    /** In memory from the start; a spool's is opened by {@link #start} (disk I/O). */
    private volatile Outbox outbox;
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
        this.outbox = config.spool() == null
                ? new MemoryOutbox(config.queueMessages(), config.queueBytes().bytes(), this::dropped) : null;
        this.encoder = new PublishEncoder(TopicTemplate.parse(config.topic()), config.retain(), this::dropped);
        this.connections = MqttMeters.CONNECTIONS.counter(registry, config.name());
        this.disconnects = MqttMeters.DISCONNECTS.counter(registry, config.name());
        MqttMeters.QUEUED_MESSAGES.gauge(registry, config.name(), () -> outbox == null ? 0 : outbox.size());
        MqttMeters.QUEUED_BYTES.gauge(registry, config.name(), () -> outbox == null ? 0 : outbox.bytes());
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

    /** Window of a spool outbox: records read back from disk and not yet acknowledged, at most. */
    private static final int MAX_SPOOL_WINDOW_RECORDS = 4096;
    private static final long MAX_SPOOL_WINDOW_BYTES = 4L << 20;

    @Override
    public void start() throws Exception {
        byte[] password = Passwords.read(config);
        SpoolOutbox spooled = null;
        if (config.spool() != null) {
            // opens the spool here, on the starting thread (disk I/O): fails the start if it cannot
            spooled = SpoolOutbox.open(config.name(), config.spool().toOptions(),
                    Math.min(config.queueMessages(), MAX_SPOOL_WINDOW_RECORDS),
                    Math.min(config.queueBytes().bytes(), MAX_SPOOL_WINDOW_BYTES), registry, this::dropped);
        }
        Outbox box = spooled != null ? spooled : outbox;
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
        this.pump = new PublishPump(box, new PublishPump.Sender() {
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
        if (spooled != null) {
            PublishPump p = pump;
            spooled.onAvailable(p::kick);
            this.outbox = spooled;
        }
        conn.start();
    }

    /** Encodes and queues; the send happens on HiveMQ's threads or here, never blocking. */
    @Override
    public void accept(Message message) {
        Outbox box = outbox;
        if (box == null) {
            throw new IllegalStateException(config.name() + " is not started"); // counted by the router
        }
        AckBarrier ack = message.acknowledgement();
        List<CompletableFuture<?>> kept = ack == null ? null : new ArrayList<>();
        for (MqttRecord record : encoder.encode(message)) {
            CompletableFuture<?> k = box.offer(record);
            if (kept != null) {
                kept.add(k);
            }
        }
        if (kept != null && !kept.isEmpty()) {
            ack.await(CompletableFuture.allOf(kept.toArray(CompletableFuture[]::new)));
        }
        PublishPump p = pump;
        if (p != null) {
            p.kick();
        }
    }

    /**
     * Waits up to {@code drain} for the outbox to empty, then disconnects; what is left is dropped as closed
     * (in memory) or stays in the spool for the next start (no drain then while no broker is connected).
     */
    @Override
    public void stop(Duration drain) {
        PublishPump p = pump;
        Outbox box = outbox;
        boolean spooled = box instanceof SpoolOutbox;
        try {
            if (p != null && box != null && (!spooled || connection.isConnected()) && !p.awaitDrained(drain)) {
                log.warn("mqtt {}: {} publishes not sent within the drain time{}", config.name(),
                        box.size() + p.inflight(), spooled ? "; they stay in the spool" : "");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        BrokerConnection c = connection;
        if (c != null) {
            c.stop(Duration.ofSeconds(2));
        }
        int left = box == null ? 0 : box.close();
        if (left > 0) {
            dropped(MemoryOutbox.CLOSED, left);
        }
    }

    @Override
    public String describe() {
        return "mqtt-publish → " + config.broker() + " topic " + config.topic() + " qos " + config.qos()
                + (config.retain() ? " retained" : "")
                + (config.spool() != null ? ", spool " + config.spool().dir() + " (fsync " + config.spool().fsync()
                + ")" : "");
    }

    /** The node's tag, and with a spool its meters' {@code spool} tag. */
    @Override
    public List<Tag> meterTags() {
        return config.spool() == null ? Node.super.meterTags()
                : List.of(Tag.of("node", name()), Tag.of("spool", name()));
    }
}
