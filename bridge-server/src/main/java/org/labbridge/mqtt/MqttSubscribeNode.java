package org.labbridge.mqtt;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.labbridge.daemon.Message;
import org.labbridge.daemon.Node;
import org.labbridge.daemon.NodeContext;
import org.labbridge.daemon.config.MqttSubscribeNodeConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * An {@code mqtt-subscribe} node: subscribes to its topic filters on every (re)connection's clean session and
 * routes each readable message on, like a push socket does with its requests. Unreadable payloads are
 * counted by reason and logged rate-limited.
 */
public final class MqttSubscribeNode implements Node {

    private static final Logger log = LoggerFactory.getLogger(MqttSubscribeNode.class);

    private final MqttSubscribeNodeConfig config;
    private final PayloadReader reader;
    private final Counter received;
    private final Map<PayloadReader.Reason, Counter> bad = new EnumMap<>(PayloadReader.Reason.class);
    private final Counter connections;
    private final Counter disconnects;
    private final RateLimitedLog badLog = new RateLimitedLog(log, Duration.ofSeconds(10));
    private final AtomicBoolean subscribed = new AtomicBoolean();
    private volatile Consumer<Message> downstream = message -> { };
    private volatile BrokerConnection connection;

    public MqttSubscribeNode(MqttSubscribeNodeConfig config, NodeContext context) {
        this.config = config;
        MeterRegistry registry = context.registry();
        this.reader = new PayloadReader((int) config.maxPayload().bytes(), config.maxNesting(), config.codenameFrom());
        this.received = MqttMeters.RECEIVED.counter(registry, config.name());
        for (PayloadReader.Reason r : PayloadReader.Reason.values()) {
            bad.put(r, MqttMeters.BAD_PAYLOADS.counter(registry, config.name(), "reason", r.tag()));
        }
        this.connections = MqttMeters.CONNECTIONS.counter(registry, config.name());
        this.disconnects = MqttMeters.DISCONNECTS.counter(registry, config.name());
        MqttMeters.CONNECTED.gauge(registry, config.name(), () -> connection != null && connection.isConnected() ? 1 : 0);
    }

    @Override
    public String name() {
        return config.name();
    }

    @Override
    public void outputTo(Consumer<Message> downstream) {
        this.downstream = downstream;
    }

    @Override
    public void start() throws Exception {
        byte[] password = Passwords.read(config);
        connection = new BrokerConnection(config, password, new BrokerConnection.Listener() {
            @Override
            public void connected() {
                connections.increment();
                subscribeOnce();
            }

            @Override
            public void disconnected() {
                disconnects.increment();
            }
        });
        connection.start();
    }

    /**
     * Subscribes after the first connection; HiveMQ's client subscribes again by itself after a reconnect
     * (resubscribe on a new session), keeping the callback, so a second subscription would deliver twice.
     */
    private void subscribeOnce() {
        if (!subscribed.compareAndSet(false, true)) {
            return;
        }
        connection.subscribe(config.topics(), BrokerConnection.qosOf(config.qos()), this::onMessage)
                .whenComplete((ack, failure) -> {
                    if (failure != null) {
                        subscribed.set(false); // the next connection tries again
                        log.warn("mqtt {}: subscribing to {} failed: {}", config.name(), config.topics(), failure.toString());
                    } else {
                        log.info("mqtt {}: subscribed to {}", config.name(), config.topics());
                    }
                });
    }

    /** One received message, on HiveMQ's thread. */
    void onMessage(String topic, byte[] payload) {
        PayloadReader.Result result = reader.read(topic, payload);
        if (result.rejected() != null) {
            bad.get(result.rejected()).increment();
            badLog.warn("mqtt {}: unreadable payload on {} ({}): {}", config.name(), topic, result.rejected().tag(),
                    result.detail());
            return;
        }
        received.increment();
        downstream.accept(new Message(result.values(), Instant.now(), config.name()));
    }

    @Override
    public void stop(Duration drain) {
        BrokerConnection c = connection;
        if (c != null) {
            c.stop(drain.compareTo(Duration.ofSeconds(2)) < 0 ? drain : Duration.ofSeconds(2));
        }
    }

    @Override
    public String describe() {
        return "mqtt-subscribe ← " + config.broker() + " " + config.topics() + " qos " + config.qos();
    }

    /** For the log: a payload's first bytes as text. */
    static String preview(byte[] payload) {
        return new String(payload, 0, Math.min(payload.length, 64), StandardCharsets.UTF_8);
    }
}
