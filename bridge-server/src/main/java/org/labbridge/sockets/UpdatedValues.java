package org.labbridge.sockets;

import org.labbridge.codec.python.PyTuple;
import org.labbridge.codec.python.ValueShape;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * A push socket's {@code updated} (the newest value of every key received), bounded in keys and in bytes:
 * Python keeps every key for ever, so a sender of ever-new keys or huge values would grow memory without
 * bound. Beyond either bound the keys received first are forgotten. Bytes are an estimate of what the
 * values hold (string lengths, 8 per number), computed per message without recursion.
 *
 * <p>Not thread-safe: the socket guards it with its lock.
 */
final class UpdatedValues {

    /** A value and its estimated bytes; updated in place when its key comes again (no object per push). */
    private static final class Sized {
        Object value;
        long bytes;

        Sized(Object value, long bytes) {
            this.value = value;
            this.bytes = bytes;
        }
    }

    private final int maxKeys;
    private final long maxBytes;
    private final LinkedHashMap<String, Sized> values = new LinkedHashMap<>();
    private long bytes;
    /** {@link #put} as the walker of {@link Map#forEach}: no iterator and no entry wrapper per message. */
    private final BiConsumer<String, Object> putOne = this::put;

    UpdatedValues(int maxKeys, long maxBytes) {
        this.maxKeys = maxKeys;
        this.maxBytes = maxBytes;
    }

    void putAll(Map<String, Object> data) {
        data.forEach(putOne);
        if (values.size() > maxKeys || bytes > maxBytes) { // rare: no iterator per push otherwise
            forgetEldest();
        }
    }

    private void forgetEldest() {
        Iterator<Sized> eldest = values.values().iterator();
        while ((values.size() > maxKeys || bytes > maxBytes) && eldest.hasNext()) {
            bytes -= eldest.next().bytes;
            eldest.remove();
        }
    }

    private void put(String key, Object value) {
        long size = key.length() + estimate(value);
        Sized known = values.get(key); // an update keeps the key's place, as put would
        if (known == null) {
            values.put(key, new Sized(value, size));
            bytes += size;
        } else {
            bytes += size - known.bytes;
            known.value = value;
            known.bytes = size;
        }
    }

    void clear() {
        values.clear();
        bytes = 0;
    }

    /** The estimated bytes held. */
    long bytes() {
        return bytes;
    }

    /** A copy, in first-received order. */
    Map<String, Object> copy() {
        Map<String, Object> out = new LinkedHashMap<>();
        values.forEach((k, v) -> out.put(k, v.value));
        return Collections.unmodifiableMap(out);
    }

    /** About the bytes a value of the model holds: iterative, as values may be nested 990 levels deep. */
    static long estimate(Object value) {
        if (value instanceof String s) { // the common cases need no work list
            return 2 + s.length();
        }
        ValueShape shape = ValueShape.of(value); // not instanceof Map/List per value: see ValueShape
        if (shape == ValueShape.SCALAR) {
            return 8;
        }
        if (shape == ValueShape.LIST) { // a pushed [time, value] usually: no work list either
            List<?> flat = (List<?>) value;
            long n = 2 + flat.size();
            for (Object item : flat) {
                if (item instanceof String s) {
                    n += 2 + s.length();
                } else if (ValueShape.isContainer(item)) {
                    return estimateNested(value);
                } else {
                    n += 8;
                }
            }
            return n;
        }
        return estimateNested(value);
    }

    private static long estimateNested(Object value) {
        long n = 0;
        List<Object> todo = new ArrayList<>();
        todo.add(value);
        while (!todo.isEmpty()) {
            Object v = todo.remove(todo.size() - 1);
            if (v instanceof String s) {
                n += 2 + s.length();
            } else if (v instanceof Map<?, ?> m) {
                n += 2;
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    n += 4 + String.valueOf(e.getKey()).length();
                    todo.add(e.getValue());
                }
            } else if (v instanceof List<?> l) {
                n += 2 + l.size();
                todo.addAll(l);
            } else if (v instanceof PyTuple t) {
                n += 2 + t.items().size();
                todo.addAll(t.items());
            } else {
                n += 8;
            }
        }
        return n;
    }
}
