package org.labbridge.config;

/**
 * A bound configuration with where each of its values was written, so that checks made after binding (a
 * port used twice, a name that is not a node) report {@code file:line:column} like binding errors do.
 *
 * @param value     the bound configuration
 * @param source    the file (or other name) it came from; null when unknown
 * @param locations where each path was written
 * @param empty     whether the document had no content at all (an empty or all-comments file): every value
 *                  is a default, which is rarely what the user meant
 * @param <T>       the configuration type
 */
public record ConfigDocument<T>(T value, String source, Locations locations, boolean empty) {

    /** A configuration built in code: problems name paths only. */
    public static <T> ConfigDocument<T> of(T value) {
        return new ConfigDocument<>(value, null, Locations.NONE, false);
    }

    /** An error at {@code path}, located where the path (or its nearest ancestor) was written. */
    public Problem problem(String path, String message) {
        return at(path, message, false);
    }

    /** A warning at {@code path}. */
    public Problem warning(String path, String message) {
        return at(path, message, true);
    }

    private Problem at(String path, String message, boolean warning) {
        Locations.Position p = locations.find(path);
        return new Problem(source, p == null ? 0 : p.line(), p == null ? 0 : p.column(), path, message, warning);
    }
}
