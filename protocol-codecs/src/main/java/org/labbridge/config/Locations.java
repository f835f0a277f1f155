package org.labbridge.config;

import org.yaml.snakeyaml.error.Mark;

import java.util.HashMap;
import java.util.Map;

/**
 * Where each configuration path was written: {@code nodes[1].port} → line 7, column 5 (the key; for a list
 * item, the item). A path that was not written (a default) is found at its nearest written ancestor, so a
 * problem with a defaulted {@code port} points at its node.
 */
public final class Locations {

    /** A 1-based line and column. */
    public record Position(int line, int column) {
    }

    /** No positions at all: for a configuration built in code. */
    public static final Locations NONE = new Locations();

    private final Map<String, Position> byPath = new HashMap<>();

    Locations() {
    }

    /** Records where {@code path} was written, unless it already was (the key comes before its value). */
    void record(String path, Mark mark) {
        if (mark != null && this != NONE) {
            byPath.putIfAbsent(path, new Position(mark.getLine() + 1, mark.getColumn() + 1));
        }
    }

    /** Where {@code path} or its nearest written ancestor was written; null when nothing was. */
    public Position find(String path) {
        String p = path == null ? "" : path;
        while (true) {
            Position at = byPath.get(p);
            if (at != null || p.isEmpty()) {
                return at;
            }
            p = parent(p);
        }
    }

    /** {@code a.b[2]} → {@code a.b} → {@code a} → {@code ""}. */
    static String parent(String path) {
        int cut = Math.max(path.lastIndexOf('.'), path.endsWith("]") ? path.lastIndexOf('[') : -1);
        return cut < 0 ? "" : path.substring(0, cut);
    }
}
