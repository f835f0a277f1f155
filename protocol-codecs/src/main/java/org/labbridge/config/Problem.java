package org.labbridge.config;

/**
 * One thing wrong (or worth a warning) in a configuration, where the user wrote it:
 * {@code labbridge.yaml:7:5: nodes[1].port: udp port 9000 is already used by nodes[0].port}.
 *
 * @param source  the file (or other name) the configuration came from; null when unknown
 * @param line    1-based line, 0 when unknown (a value built in code, an unreadable file)
 * @param column  1-based column, 0 when unknown
 * @param path    the configuration path ({@code nodes[1].port}, {@code ""} for the top level), or null for a
 *                problem of the document itself (syntax, an unreadable file)
 * @param message what is wrong, and what was expected
 * @param warning whether this is only a warning (the configuration is usable)
 */
public record Problem(String source, int line, int column, String path, String message, boolean warning) {

    /** An error of the document itself (no path): syntax, an unreadable file. */
    public static Problem ofDocument(String source, int line, int column, String message) {
        return new Problem(source, line, column, null, message, false);
    }

    /**
     * {@code path: message}, without the location: what {@link ConfigException#problems()} lists. A problem
     * of the document itself keeps its source and position, as it has nothing else to name.
     */
    public String unlocated() {
        if (path == null) {
            return located();
        }
        return (path.isEmpty() ? "(top level)" : path) + ": " + message;
    }

    /** {@code file:line:column: [warning: ]path: message}, leaving out what is unknown. */
    public String located() {
        StringBuilder sb = new StringBuilder();
        if (source != null) {
            sb.append(source);
            if (line > 0) {
                sb.append(':').append(line).append(':').append(column);
            }
            sb.append(": ");
        }
        if (warning) {
            sb.append("warning: ");
        }
        if (path != null) {
            sb.append(path.isEmpty() ? "(top level)" : path).append(": ");
        }
        return sb.append(message).toString();
    }

    @Override
    public String toString() {
        return located();
    }
}
