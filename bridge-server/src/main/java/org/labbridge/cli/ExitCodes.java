package org.labbridge.cli;

/** Exit codes of the {@code labbridge} command, stable for scripts. */
public final class ExitCodes {
    /** Success. */
    public static final int OK = 0;
    /**
     * The operation failed: an {@code ERROR#} reply, a daemon that could not start (port in use...), a
     * {@code listen} whose stdout was closed.
     */
    public static final int FAILED = 1;
    /** Bad usage or an invalid configuration file (the problems are printed on stderr). */
    public static final int USAGE = 2;
    /** No answer: timeout, connection refused, host unknown. */
    public static final int UNREACHABLE = 3;

    private ExitCodes() {
    }
}
