package org.labbridge.config;

import java.util.List;

/**
 * Configuration that cannot be used, with every problem found, each naming its path and what was
 * expected: {@code sockets[2].port: 70000 (expected: 1..65535)}.
 */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    public ConfigException(String problem) {
        this(List.of(problem));
    }

    public ConfigException(String problem, Throwable cause) {
        this(List.of(problem));
        initCause(cause);
    }

    /** One line per problem, in document order. */
    public List<String> problems() {
        return problems;
    }
}
