package org.labbridge.sockets;

import org.labbridge.codec.pyexplabsys.PyExpLabSys;
import org.labbridge.codec.python.PyTuple;

import java.util.List;
import java.util.Map;

/**
 * PyExpLabSys's {@code DateDataPullSocket}: serves the latest {@code (time, value)} point per codename on
 * UDP (default port 9000); a point is stale when {@code now - x > timeout}.
 *
 * <pre>{@code
 * try (DateDataPullSocket s = DateDataPullSocket.builder("furnace", List.of("temperature")).timeout(5.0).build()) {
 *     s.start();
 *     s.setPointNow("temperature", 21.5);
 * }
 * }</pre>
 */
public final class DateDataPullSocket extends PullSocket {

    private DateDataPullSocket(Builder b) {
        super(b, true);
    }

    /** Python's {@code DateDataPullSocket(name, codenames)} with every other argument at its default. */
    public DateDataPullSocket(String name, List<String> codenames) {
        this(builder(name, codenames));
    }

    /** A builder with Python's defaults: port 9000, default point (0.0, 0.0), no timeouts, activity 900 s. */
    public static Builder builder(String name, List<String> codenames) {
        return new Builder(name, codenames);
    }

    /** Python's {@code set_point(codename, point)}; the point's x is its time. */
    public void setPoint(String codename, PyTuple point) {
        set(Map.of(codename, point), now());
    }

    /** {@code set_point(codename, (x, y))}. */
    public void setPoint(String codename, double x, Object y) {
        setPoint(codename, PyTuple.of(x, y));
    }

    /** Builder of {@link DateDataPullSocket}. */
    public static final class Builder extends PullSocket.Builder<Builder, DateDataPullSocket> {
        Builder(String name, List<String> codenames) {
            super(name, codenames, PyExpLabSys.DATE_DATA_PULL_PORT);
        }

        @Override
        public DateDataPullSocket build() {
            return new DateDataPullSocket(this);
        }
    }
}
