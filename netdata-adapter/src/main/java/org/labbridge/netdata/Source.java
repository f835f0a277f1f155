package org.labbridge.netdata;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Where a job's readings come from. {@link #poll()} may block up to the source's timeout; it runs on a pool
 * thread, never twice at once for one source. {@link #close()} may come from another thread while a poll runs.
 */
public interface Source extends AutoCloseable {

    /**
     * The latest value of every codename, in the source's order: a point ({@code [x, y, ...]}), a scalar
     * or {@code "OLD_DATA"}.
     *
     * @throws IOException when the source cannot be reached or answers nonsense (the job publishes gaps)
     */
    Map<String, Object> poll() throws IOException;

    /** What the source calls itself, or null while unknown. */
    String name();

    /** The codenames the source registers, as last seen (may be empty). */
    List<String> codenames();

    /** Releases sockets and threads and makes a poll in progress end soon; never throws. */
    @Override
    void close();
}
