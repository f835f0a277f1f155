package org.labbridge.config;

import java.util.List;

/**
 * Configuration that cannot be used, with every problem found, each naming its path and what was
 * expected: {@code sockets[2].port: 70000 (expected: 1..65535)}, and where it was written
 * ({@link #located()}: {@code labbridge.yaml:4:23: sockets[2].port: ...}).
 */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    private final List<Problem> details;

    /** Problems given as {@code path: message} text, without a location. */
    public ConfigException(List<String> problems) {
        this(problems.stream().map(p -> new Problem(null, 0, 0, null, p, false)).toList(), true);
    }

    public ConfigException(String problem) {
        this(List.of(problem));
    }

    public ConfigException(String problem, Throwable cause) {
        this(List.of(problem));
        initCause(cause);
    }

    private ConfigException(List<Problem> details, boolean located) {
        super(String.join("\n", details.stream().map(Problem::located).toList()));
        this.details = List.copyOf(details);
    }

    /** Problems that know where they were written. */
    public static ConfigException of(List<Problem> problems) {
        return new ConfigException(problems, true);
    }

    /** One {@code path: message} line per problem, in document order. */
    public List<String> problems() {
        return details.stream().map(Problem::unlocated).toList();
    }

    /** One {@code file:line:column: path: message} line per problem, in document order. */
    public List<String> located() {
        return details.stream().map(Problem::located).toList();
    }

    /** The problems with their locations. */
    public List<Problem> details() {
        return details;
    }
}
