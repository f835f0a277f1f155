package org.labbridge.mqtt;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.exceptions.ConnectionClosedException;
import com.hivemq.client.mqtt.exceptions.ConnectionFailedException;
import com.hivemq.client.mqtt.exceptions.MqttClientStateException;
import com.hivemq.client.mqtt.exceptions.MqttSessionExpiredException;
import io.micrometer.core.instrument.Counter;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Moves records from the {@link Outbox} to the broker while connected, at most {@code maxInflight} at a time.
 * A record is acknowledged to the outbox once the broker has it; one whose connection died first is put back
 * and sent again after the reconnect (for QoS 1 the broker may then see it twice, which QoS 1 allows); one the
 * broker refused, or that cannot be encoded, is dropped and counted, never retried for ever. Never blocks:
 * {@link #kick} may be called from any thread, completions run on HiveMQ's.
 */
final class PublishPump {

    /** Drop reason: the broker refused the publish (an MQTT 5 reason code, an encoding limit). */
    static final String REJECTED = "rejected";

    interface Sender {
        CompletableFuture<?> send(MqttRecord record);

        boolean isConnected();
    }

    /** What happened to publishes: published, retried, rejected (with the failure, for the log). */
    interface Outcomes {
        void published();

        void retried();

        void rejected(MqttRecord record, Throwable failure);
    }

    private final Outbox outbox;
    private final Sender sender;
    private final int maxInflight;
    private final Outcomes outcomes;
    private final AtomicInteger inflight = new AtomicInteger();
    private boolean pumping;
    private boolean again;

    PublishPump(Outbox outbox, Sender sender, int maxInflight, Outcomes outcomes) {
        this.outbox = outbox;
        this.sender = sender;
        this.maxInflight = maxInflight;
        this.outcomes = outcomes;
    }

    /** Sends what waits, as far as the window allows. Re-entrant calls (a completion inside a send) only mark. */
    void kick() {
        synchronized (this) {
            if (pumping) {
                again = true;
                return;
            }
            pumping = true;
        }
        boolean done = false;
        try {
            while (!done) {
                pumpOnce();
                synchronized (this) {
                    if (again) {
                        again = false;
                    } else {
                        pumping = false;
                        done = true;
                    }
                }
            }
        } finally {
            if (!done) {
                synchronized (this) {
                    pumping = false;
                }
            }
        }
    }

    private void pumpOnce() {
        while (sender.isConnected() && inflight.get() < maxInflight) {
            MqttRecord record = outbox.take();
            if (record == null) {
                return;
            }
            inflight.incrementAndGet();
            CompletableFuture<?> sent;
            try {
                sent = sender.send(record);
            } catch (RuntimeException e) {
                sent = CompletableFuture.failedFuture(e);
            }
            sent.whenComplete((ok, failure) -> completed(record, failure));
        }
    }

    private void completed(MqttRecord record, Throwable failure) {
        if (failure == null) {
            outbox.acknowledge(record);
            outcomes.published();
        } else if (isConnectionLoss(unwrap(failure))) {
            outbox.putBack(record);
            outcomes.retried();
        } else {
            outbox.acknowledge(record);
            outcomes.rejected(record, unwrap(failure));
        }
        int left = inflight.decrementAndGet();
        if (left == 0) {
            synchronized (inflight) {
                inflight.notifyAll();
            }
        }
        kick();
    }

    /** Whether the publish failed because its connection went away: it never reached the broker for sure. */
    static boolean isConnectionLoss(Throwable t) {
        return t instanceof ConnectionClosedException || t instanceof ConnectionFailedException
                || t instanceof MqttSessionExpiredException || t instanceof MqttClientStateException;
    }

    private static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** Publishes sent and not yet acknowledged. */
    int inflight() {
        return inflight.get();
    }

    /**
     * Waits until the outbox is empty and nothing is in flight, or {@code timeout} passed (for a drain at
     * shutdown, off the event loops). @return whether everything got out
     */
    boolean awaitDrained(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (inflight.get() > 0 || outbox.size() > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            kick();
            synchronized (inflight) {
                if (inflight.get() > 0) {
                    // woken when the window empties; the bound rechecks a reconnect that refills it
                    inflight.wait(Math.max(1, Math.min(left / 1_000_000, 50)));
                } else {
                    inflight.wait(Math.max(1, Math.min(left / 1_000_000, 10)));
                }
            }
        }
        return true;
    }

    /** The MQTT QoS of a level, for the node. */
    static MqttQos qos(int level) {
        return BrokerConnection.qosOf(level);
    }

    /** Counts the outcomes on meters and logs rejections rate-limited. */
    static Outcomes counting(Counter published, Counter retried, Counter rejected, RateLimitedLog log, String node) {
        return new Outcomes() {
            @Override
            public void published() {
                published.increment();
            }

            @Override
            public void retried() {
                retried.increment();
            }

            @Override
            public void rejected(MqttRecord record, Throwable failure) {
                rejected.increment();
                log.warn("mqtt {}: publish to {} refused, dropped: {}", node, record.topic(), failure.toString());
            }
        };
    }
}
