package org.labbridge.netdata;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Where a job's readings come from. Implementations may block up to their timeout; they are only called
 * from the plugin's collection thread.
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

    /** Releases sockets and threads; never throws. */
    @Override
    void close();
}
