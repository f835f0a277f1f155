package org.labbridge.codec.pyexplabsys;

import org.labbridge.codec.python.PyFormat;
import org.labbridge.codec.python.PyJson;
import org.labbridge.codec.python.PyTuple;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code return_format} of a {@code callback_direct} push socket: how the callback's return value becomes
 * the {@code RET#} reply, with PyExpLabSys's {@code EXCEP#} texts on failure.
 */
public enum ReturnFormat {
    /** {@code RET#} + {@code json.dumps(value)}. */
    JSON("json") {
        @Override
        public String format(Object value) {
            try {
                return PushReplies.ret(PyJson.dumps(value));
            } catch (RuntimeException e) {
                return PushReplies.excep(PushReplies.exceptionText(e));
            }
        }
    },
    /** {@code RET#} + {@code str(value)}. */
    STRING("string") {
        @Override
        public String format(Object value) {
            try {
                return PushReplies.ret(PyFormat.str(value));
            } catch (RuntimeException e) {
                return PushReplies.excep(PushReplies.exceptionText(e));
            }
        }
    },
    /**
     * A dict becomes {@code k:type:v[,v];...}, a list of lists {@code type:a,b&c,d}, {@code None}
     * {@code None}; anything else fails with {@code EXCEP#Raw conversion failed with message:...}.
     */
    RAW("raw") {
        @Override
        public String format(Object value) {
            try {
                if (value == null) {
                    return PushReplies.ret("None");
                }
                if (value instanceof Map<?, ?> map) {
                    return PushReplies.ret(rawDict(map));
                }
                if (value instanceof List<?> list) {
                    return PushReplies.ret(rawListOfLists(list));
                }
                throw new PyValueError("Return value must be a dict or list with return format 'raw'");
            } catch (PyValueError | RuntimeException e) {
                return PushReplies.excep("Raw conversion failed with message:" + PushReplies.exceptionText(e));
            }
        }
    };

    private final String pythonName;

    ReturnFormat(String pythonName) {
        this.pythonName = pythonName;
    }

    /** The Python spelling: {@code json}, {@code string}, {@code raw}. */
    public String pythonName() {
        return pythonName;
    }

    /** The whole reply ({@code RET#...} or {@code EXCEP#...}) for a callback's return value. */
    public abstract String format(Object value);

    /** The format for a Python spelling, with PyExpLabSys's error text. */
    public static ReturnFormat of(String pythonName) {
        for (ReturnFormat f : values()) {
            if (f.pythonName.equals(pythonName)) {
                return f;
            }
        }
        throw new IllegalArgumentException(
                "The 'return_format' argument may only be one of the 'json', 'raw' or 'string' values");
    }

    private static final List<String> RAW_TYPES = List.of("int", "float", "bool", "str");

    private static String rawDict(Map<?, ?> map) throws PyValueError {
        List<String> items = new ArrayList<>(map.size());
        for (Map.Entry<?, ?> e : map.entrySet()) {
            Object value = e.getValue();
            String typeName;
            String valueString;
            if (value instanceof List<?> list && !list.isEmpty()) {
                typeName = pythonTypeName(list.get(0));
                for (Object element : list) {
                    if (!pythonTypeName(element).equals(typeName)) {
                        throw new PyValueError("With return format raw, value in list must have same type");
                    }
                }
                valueString = joinStr(list, ",");
            } else if (value instanceof List<?>) {
                typeName = "";
                valueString = "";
            } else {
                typeName = pythonTypeName(value);
                valueString = PyFormat.str(value);
            }
            if (!RAW_TYPES.contains(typeName)) {
                throw new PyTypeError("With return format raw, the item type can only be one of 'int', "
                        + "'float', 'bool' and 'str'. Object: '" + PyFormat.str(value) + "' is of type: " + typeName);
            }
            items.add(PyFormat.str(e.getKey()) + ':' + typeName + ':' + valueString);
        }
        return String.join(";", items);
    }

    private static String rawListOfLists(List<?> list) throws PyValueError {
        List<String> types = new ArrayList<>();
        List<String> items = new ArrayList<>(list.size());
        for (Object item : list) {
            if (!(item instanceof List<?> inner)) {
                throw new PyValueError("With return format raw on a list, the elements themselves be lists");
            }
            for (Object element : inner) {
                types.add(pythonTypeName(element));
            }
            items.add(joinStr(inner, ","));
        }
        if (types.isEmpty()) {
            throw new PyValueError("list index out of range"); // Python's IndexError on types[0]
        }
        String elementType = types.get(0);
        for (String t : types) {
            if (!t.equals(elementType)) {
                StringBuilder sb = new StringBuilder("[");
                for (int i = 0; i < types.size(); i++) {
                    sb.append(i > 0 ? ", " : "").append("<class '").append(types.get(i)).append("'>");
                }
                throw new PyValueError("With return format raw on a list of lists, all values  in list must "
                        + "have same type. Types are: " + sb.append(']'));
            }
        }
        if (!RAW_TYPES.contains(elementType)) {
            throw new PyTypeError("With return format raw, the item type can only be one of 'int', 'float', "
                    + "'bool' and 'str'. The type is: <class '" + elementType + "'>");
        }
        return elementType + ':' + String.join("&", items);
    }

    private static String joinStr(List<?> values, String sep) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                sb.append(sep);
            }
            PyFormat.appendStr(sb, values.get(i));
        }
        return sb.toString();
    }

    /** {@code type(value).__name__} in the labbridge value model. */
    static String pythonTypeName(Object value) {
        if (value == null) {
            return "NoneType";
        }
        if (value instanceof Boolean) {
            return "bool";
        }
        if (value instanceof Integer || value instanceof Long || value instanceof BigInteger
                || value instanceof Short || value instanceof Byte) {
            return "int";
        }
        if (value instanceof Double || value instanceof Float) {
            return "float";
        }
        if (value instanceof String) {
            return "str";
        }
        if (value instanceof List) {
            return "list";
        }
        if (value instanceof PyTuple) {
            return "tuple";
        }
        if (value instanceof Map) {
            return "dict";
        }
        return value.getClass().getSimpleName();
    }

    /** Python's TypeError; the raw encoder reports it like a ValueError. */
    private static final class PyTypeError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PyTypeError(String message) {
            super(message, null, false, false);
        }
    }
}
