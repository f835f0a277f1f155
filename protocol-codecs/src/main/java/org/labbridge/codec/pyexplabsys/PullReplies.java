package org.labbridge.codec.pyexplabsys;

import org.labbridge.codec.python.PyFormat;
import org.labbridge.codec.python.PyJson;
import org.labbridge.codec.python.PyTuple;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reply texts of the pull sockets. A point is a {@link PyTuple} of at least two elements; {@code null}
 * stands for a stale point ({@link PyExpLabSys#OLD_DATA}).
 *
 * <p>Raw replies print Python {@code str()} of x and y only and escape nothing; JSON replies print the whole
 * tuple with {@code json.dumps}.
 */
public final class PullReplies {
    private PullReplies() {
    }

    /** {@code CODENAME#raw}: {@code x,y} or {@code OLD_DATA}. */
    public static String singleRaw(PyTuple point) {
        StringBuilder sb = new StringBuilder(48);
        appendRawPoint(sb, point);
        return sb.toString();
    }

    /** {@code CODENAME#json}: {@code [x, y, ...]} or {@code "OLD_DATA"} (quoted). */
    public static String singleJson(PyTuple point) {
        return PyJson.dumps(point == null ? PyExpLabSys.OLD_DATA : point);
    }

    /** {@code raw}: {@code x1,y1;OLD_DATA;...} in codename order. */
    public static String raw(List<PyTuple> points) {
        StringBuilder sb = new StringBuilder(32 * points.size() + 8);
        for (int i = 0; i < points.size(); i++) {
            if (i > 0) {
                sb.append(';');
            }
            appendRawPoint(sb, points.get(i));
        }
        return sb.toString();
    }

    /** {@code raw_wn}: {@code cn1:x1,y1;cn2:OLD_DATA}. */
    public static String rawWithNames(List<String> codenames, List<PyTuple> points) {
        StringBuilder sb = new StringBuilder(48 * points.size() + 8);
        for (int i = 0; i < points.size(); i++) {
            if (i > 0) {
                sb.append(';');
            }
            sb.append(codenames.get(i)).append(':');
            appendRawPoint(sb, points.get(i));
        }
        return sb.toString();
    }

    /** {@code json}: {@code [[x1, y1], "OLD_DATA"]}. */
    public static String json(List<PyTuple> points) {
        List<Object> out = new ArrayList<>(points.size());
        for (PyTuple point : points) {
            out.add(point == null ? PyExpLabSys.OLD_DATA : point);
        }
        return PyJson.dumps(out);
    }

    /** {@code json_wn}: {@code {"cn1": [x1, y1], "cn2": "OLD_DATA"}} in the given order. */
    public static String jsonWithNames(List<String> codenames, List<PyTuple> points) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < points.size(); i++) {
            PyTuple point = points.get(i);
            out.put(codenames.get(i), point == null ? PyExpLabSys.OLD_DATA : point);
        }
        return PyJson.dumps(out);
    }

    /** {@code codenames_raw}: {@code cn1,cn2}. */
    public static String codenamesRaw(List<String> codenames) {
        return String.join(",", codenames);
    }

    /** {@code codenames_json}: {@code ["cn1", "cn2"]}. */
    public static String codenamesJson(List<String> codenames) {
        return PyJson.dumps(codenames);
    }

    /** Appends {@code str(x),str(y)} (Python's {@code '{},{}'.format(*point)}) or {@code OLD_DATA}. */
    public static void appendRawPoint(StringBuilder sb, PyTuple point) {
        if (point == null) {
            sb.append(PyExpLabSys.OLD_DATA);
            return;
        }
        PyFormat.appendStr(sb, point.items().get(0));
        sb.append(',');
        PyFormat.appendStr(sb, point.items().get(1));
    }

    /**
     * Checks that {@code point} can be served: at least x and y (§8: Python accepts shorter points and
     * then crashes on every raw request).
     *
     * @throws IllegalArgumentException when it has fewer than 2 elements
     */
    public static PyTuple checkPoint(PyTuple point) {
        if (point == null) {
            throw new IllegalArgumentException("A point may not be null");
        }
        if (point.items().size() < 2) {
            throw new IllegalArgumentException("A point must have at least 2 elements (x, y); got "
                    + point.items().size() + ": " + PyFormat.repr(point));
        }
        return point;
    }
}
