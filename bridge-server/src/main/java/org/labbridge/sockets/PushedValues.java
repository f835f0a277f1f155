package org.labbridge.sockets;

import java.util.Map;

/**
 * What a push socket keeps of the messages it accepted: Python's {@code last} and {@code updated}, each with
 * its time. The event loop writes, any thread reads: one lock guards both, so a reader never sees one
 * message's {@code last} with another's time.
 */
final class PushedValues {

    private final Object lock = new Object();
    private Map<String, Object> last;
    private Double lastTime;
    private final UpdatedValues updated;
    private Double updatedTime;

    /** Bounds of {@code updated} (see {@link UpdatedValues}). */
    PushedValues(int maxUpdatedKeys, long maxUpdatedBytes) {
        this.updated = new UpdatedValues(maxUpdatedKeys, maxUpdatedBytes);
    }

    /** Keeps an accepted message (immutable) received at {@code now}. */
    void put(Map<String, Object> data, double now) {
        synchronized (lock) {
            last = data;
            lastTime = now;
            updated.putAll(data);
            updatedTime = now;
        }
    }

    /** Python's {@code last}: {@code (null, null)} before any. */
    PushData last() {
        synchronized (lock) {
            return new PushData(lastTime, last);
        }
    }

    /** Python's {@code updated}: {@code (null, {})} before any. */
    PushData updated() {
        synchronized (lock) {
            return new PushData(updatedTime, updated.copy());
        }
    }

    /** Python's {@code set_last_to_none()}. */
    void setLastToNone() {
        synchronized (lock) {
            last = null;
            lastTime = null;
        }
    }

    /** Python's {@code clear_updated()}. */
    void clearUpdated() {
        synchronized (lock) {
            updated.clear();
            updatedTime = null;
        }
    }
}
