package org.labbridge.netdata;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/** A source whose next answer the test sets. */
final class FakeSource implements Source {
    volatile Map<String, Object> values = Map.of();
    volatile IOException failure;
    volatile int polls;
    volatile boolean closed;

    @Override
    public Map<String, Object> poll() throws IOException {
        polls++;
        if (failure != null) {
            throw failure;
        }
        return values;
    }

    @Override
    public String name() {
        return "fake";
    }

    @Override
    public List<String> codenames() {
        return List.copyOf(values.keySet());
    }

    @Override
    public void close() {
        closed = true;
    }
}
