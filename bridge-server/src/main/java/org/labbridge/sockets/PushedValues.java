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
    /** Times as primitives, NaN for none (Python's None): no Double boxed per push, only per read. */
    private double lastTime = Double.NaN;
    private final UpdatedValues updated;
    private double updatedTime = Double.NaN;

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
            return new PushData(boxed(lastTime), last);
        }
    }

    /** Python's {@code updated}: {@code (null, {})} before any. */
    PushData updated() {
        synchronized (lock) {
            return new PushData(boxed(updatedTime), updated.copy());
        }
    }

    /** Python's {@code set_last_to_none()}. */
    void setLastToNone() {
        synchronized (lock) {
            last = null;
            lastTime = Double.NaN;
        }
    }

    /** Python's {@code clear_updated()}. */
    void clearUpdated() {
        synchronized (lock) {
            updated.clear();
            updatedTime = Double.NaN;
        }
    }

    private static Double boxed(double time) {
        return Double.isNaN(time) ? null : time;
    }
}
