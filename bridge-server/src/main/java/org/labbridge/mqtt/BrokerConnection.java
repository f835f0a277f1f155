package org.labbridge.mqtt;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientBuilder;
import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.MqttClientTransportConfig;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.lifecycle.MqttClientConnectedContext;
import com.hivemq.client.mqtt.lifecycle.MqttClientDisconnectedContext;
import com.hivemq.client.mqtt.lifecycle.MqttDisconnectSource;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3ClientBuilder;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.Mqtt3Subscription;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5Subscription;
import org.labbridge.client.bridge.Backoff;
import org.labbridge.config.HostPort;
import org.labbridge.daemon.config.MqttBrokerSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * One node's MQTT client session with its broker(s), kept up for ever: HiveMQ's client speaks the protocol
 * (3.1.1 or 5); this class adds labbridge's reconnect policy ({@link Backoff} with jitter, and failover:
 * each reconnect tries the next broker of the list) and tells its {@link Listener} when the connection comes
 * and goes. Sessions are clean: what was in flight when a connection died is the caller's to send again.
 */
final class BrokerConnection {

    private static final Logger log = LoggerFactory.getLogger(BrokerConnection.class);

    /** Told of connection changes, on HiveMQ's threads; must not block. */
    interface Listener {
        void connected();

        void disconnected();
    }

    /** The version-specific client, behind what the nodes need. */
    private interface Client {
        CompletableFuture<?> connect();

        CompletableFuture<?> publish(MqttRecord record, MqttQos qos);

        CompletableFuture<?> subscribe(List<String> filters, MqttQos qos, BiConsumer<String, byte[]> callback);

        CompletableFuture<Void> disconnect();
    }

    private final String name;
    private final List<HostPort> brokers;
    private final Backoff backoff;
    private final Duration connectTimeout;
    private final Listener listener;
    private final Client client;
    private final MqttClientSslConfig ssl;
    private final AtomicInteger brokerIndex = new AtomicInteger();
    private final RateLimitedLog warnings;
    private volatile boolean connected;
    private volatile boolean stopping;
    private volatile HostPort current;

    /** @throws IOException when the {@code tls:} files cannot be used */
    BrokerConnection(MqttBrokerSettings settings, byte[] password, Listener listener) throws IOException {
        this.ssl = settings.tls() == null ? null : MqttTls.sslConfig(settings.tls());
        this.name = settings.name();
        this.brokers = List.copyOf(settings.broker());
        this.backoff = new Backoff(settings.backoffInitial(), settings.backoffMax(), settings.backoffMultiplier(),
                settings.backoffJitter());
        this.connectTimeout = settings.connectTimeout();
        this.listener = listener;
        this.warnings = new RateLimitedLog(log, Duration.ofSeconds(60));
        this.current = brokers.get(0);
        String clientId = settings.clientId() != null ? settings.clientId()
                : "labbridge-" + name + "-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        MqttClientBuilder builder = MqttClient.builder()
                .identifier(clientId)
                .transportConfig(transport(current))
                .addConnectedListener(this::onConnected)
                .addDisconnectedListener(this::onDisconnected);
        int keepalive = (int) settings.keepalive().getSeconds();
        if (settings.protocolVersion().isV5()) {
            Mqtt5ClientBuilder b = builder.useMqttVersion5();
            if (settings.username() != null) {
                b = b.simpleAuth().username(settings.username()).password(password == null ? new byte[0] : password)
                        .applySimpleAuth();
            }
            this.client = new V5(b.buildAsync(), keepalive);
        } else {
            Mqtt3ClientBuilder b = builder.useMqttVersion3();
            if (settings.username() != null) {
                b = password == null ? b.simpleAuth().username(settings.username()).applySimpleAuth()
                        : b.simpleAuth().username(settings.username()).password(password).applySimpleAuth();
            }
            this.client = new V3(b.buildAsync(), keepalive);
        }
    }

    private MqttClientTransportConfig transport(HostPort broker) {
        return MqttClientTransportConfig.builder()
                .serverHost(broker.host())
                .serverPort(broker.port())
                .sslConfig(ssl) // null: plain TCP
                .socketConnectTimeout(connectTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .mqttConnectTimeout(connectTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .build();
    }

    /** Starts connecting; failures are retried for ever (see the class comment). */
    void start() {
        client.connect().whenComplete((ack, failure) -> {
            if (failure != null) {
                log.debug("mqtt {}: first connection attempt failed: {}", name, failure.toString());
            }
        });
    }

    boolean isConnected() {
        return connected;
    }

    /** The broker connected to, or being tried. */
    HostPort broker() {
        return current;
    }

    /** Publishes one record; the future fails when it did not reach the broker (or the broker refused it). */
    CompletableFuture<?> publish(MqttRecord record, MqttQos qos) {
        return client.publish(record, qos);
    }

    /** Subscribes; {@code callback} gets (topic, payload) of every message, on HiveMQ's threads. */
    CompletableFuture<?> subscribe(List<String> filters, MqttQos qos, BiConsumer<String, byte[]> callback) {
        return client.subscribe(filters, qos, callback);
    }

    /** Stops reconnecting and disconnects, waiting at most {@code timeout}. */
    void stop(Duration timeout) {
        stopping = true;
        try {
            client.disconnect().get(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.debug("mqtt {}: disconnect: {}", name, e.toString()); // not connected: nothing to say goodbye to
        }
    }

    private void onConnected(MqttClientConnectedContext context) {
        connected = true;
        warnings.reset();
        log.info("mqtt {}: connected to {}", name, current);
        listener.connected();
    }

    private void onDisconnected(MqttClientDisconnectedContext context) {
        boolean wasConnected = connected;
        connected = false;
        if (wasConnected) {
            listener.disconnected();
        }
        if (stopping || context.getSource() == MqttDisconnectSource.USER) {
            return;
        }
        int attempt = context.getReconnector().getAttempts();
        if (brokers.size() > 1) {
            current = brokers.get(Math.floorMod(brokerIndex.incrementAndGet(), brokers.size()));
        }
        Duration delay = backoff.delay(attempt);
        if (wasConnected) {
            log.warn("mqtt {}: connection lost ({}); reconnecting to {} in {} ms", name, describe(context.getCause()),
                    current, delay.toMillis());
        } else {
            warnings.warn("mqtt {}: cannot connect ({}); retrying {} in {} ms", name,
                    describe(context.getCause()), current, delay.toMillis());
        }
        context.getReconnector()
                .reconnect(true)
                .resubscribeIfSessionExpired(true)
                .republishIfSessionExpired(false)
                .transportConfig(transport(current))
                .delay(delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static String describe(Throwable cause) {
        if (cause == null) {
            return "no reason given";
        }
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    private static MqttQos qos(int level) {
        return MqttQos.fromCode(level);
    }

    /** The {@link MqttQos} of level 0, 1 or 2. */
    static MqttQos qosOf(int level) {
        MqttQos q = qos(level);
        if (q == null) {
            throw new IllegalArgumentException("qos must be 0, 1 or 2");
        }
        return q;
    }

    private static final class V3 implements Client {
        private final Mqtt3AsyncClient client;
        private final int keepalive;

        V3(Mqtt3AsyncClient client, int keepalive) {
            this.client = client;
            this.keepalive = keepalive;
        }

        @Override
        public CompletableFuture<?> connect() {
            return client.connectWith().cleanSession(true).keepAlive(keepalive).send();
        }

        @Override
        public CompletableFuture<?> publish(MqttRecord record, MqttQos qos) {
            return client.publishWith().topic(record.topic()).qos(qos).retain(record.retain())
                    .payload(record.payload()).send();
        }

        @Override
        public CompletableFuture<?> subscribe(List<String> filters, MqttQos qos, BiConsumer<String, byte[]> callback) {
            List<Mqtt3Subscription> subscriptions = filters.stream()
                    .map(f -> Mqtt3Subscription.builder().topicFilter(f).qos(qos).build()).toList();
            return client.subscribeWith().addSubscriptions(subscriptions)
                    .callback(p -> callback.accept(p.getTopic().toString(), p.getPayloadAsBytes())).send();
        }

        @Override
        public CompletableFuture<Void> disconnect() {
            return client.disconnect();
        }
    }

    private static final class V5 implements Client {
        private final Mqtt5AsyncClient client;
        private final int keepalive;

        V5(Mqtt5AsyncClient client, int keepalive) {
            this.client = client;
            this.keepalive = keepalive;
        }

        @Override
        public CompletableFuture<?> connect() {
            return client.connectWith().cleanStart(true).noSessionExpiry().keepAlive(keepalive).send();
        }

        @Override
        public CompletableFuture<?> publish(MqttRecord record, MqttQos qos) {
            return client.publishWith().topic(record.topic()).qos(qos).retain(record.retain())
                    .payload(record.payload()).send().thenApply(V5::orThrow);
        }

        /** MQTT 5 may report a refused publish in the result rather than as a failed future. */
        private static Mqtt5PublishResult orThrow(Mqtt5PublishResult result) {
            if (result.getError().isPresent()) {
                throw new CompletionException(result.getError().get());
            }
            return result;
        }

        @Override
        public CompletableFuture<?> subscribe(List<String> filters, MqttQos qos, BiConsumer<String, byte[]> callback) {
            List<Mqtt5Subscription> subscriptions = filters.stream()
                    .map(f -> Mqtt5Subscription.builder().topicFilter(f).qos(qos).build()).toList();
            return client.subscribeWith().addSubscriptions(subscriptions)
                    .callback(p -> callback.accept(p.getTopic().toString(), p.getPayloadAsBytes())).send();
        }

        @Override
        public CompletableFuture<Void> disconnect() {
            return client.disconnect();
        }
    }
}
