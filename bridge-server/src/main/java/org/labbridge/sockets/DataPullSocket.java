package org.labbridge.sockets;

import org.labbridge.codec.pyexplabsys.PyExpLabSys;
import org.labbridge.codec.python.PyTuple;

import java.util.List;
import java.util.Map;

/**
 * PyExpLabSys's {@code DataPullSocket}: serves the latest x/y point per codename on UDP (default port
 * 9010); a point is stale when {@code now - timestamp > timeout}, and a never-set point has timestamp 0.
 */
public final class DataPullSocket extends PullSocket {

    private DataPullSocket(Builder b) {
        super(b, false);
    }

    /** Python's {@code DataPullSocket(name, codenames)} with every other argument at its default. */
    public DataPullSocket(String name, List<String> codenames) {
        this(builder(name, codenames));
    }

    /** A builder with Python's defaults: port 9010, default point (0.0, 0.0), no timeouts, activity 900 s. */
    public static Builder builder(String name, List<String> codenames) {
        return new Builder(name, codenames);
    }

    /** Python's {@code set_point(codename, point)}: timestamp now. */
    public void setPoint(String codename, PyTuple point) {
        set(Map.of(codename, point), now());
    }

    /** Python's {@code set_point(codename, point, timestamp)} (Unix seconds). */
    public void setPoint(String codename, PyTuple point, double timestamp) {
        set(Map.of(codename, point), timestamp);
    }

    /** {@code set_point(codename, (x, y))}. */
    public void setPoint(String codename, Object x, Object y) {
        setPoint(codename, PyTuple.of(x, y));
    }

    /** Builder of {@link DataPullSocket}. */
    public static final class Builder extends PullSocket.Builder<Builder, DataPullSocket> {
        Builder(String name, List<String> codenames) {
            super(name, codenames, PyExpLabSys.DATA_PULL_PORT);
        }

        @Override
        public DataPullSocket build() {
            return new DataPullSocket(this);
        }
    }
}
