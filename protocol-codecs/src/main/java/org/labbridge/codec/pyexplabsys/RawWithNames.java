package org.labbridge.codec.pyexplabsys;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code raw_wn#} payload: {@code cn:type:v[,v...][;...]}, decoded exactly as PyExpLabSys's
 * {@code _raw_with_names}, error texts included.
 */
public final class RawWithNames {
    private RawWithNames() {
    }

    /** {@code str(TYPE_FROM_STRING.keys())} in Python 3. */
    static final String ALLOWED_TYPES = "dict_keys(['int', 'float', 'str', 'bool'])";

    /**
     * Decodes the whole payload before anything is stored; the first failing part wins. One value gives a
     * scalar, several a list. A repeated codename keeps its first position and takes the last value.
     *
     * @throws PyValueError with the text that follows {@code ERROR#}
     */
    public static Map<String, Object> parse(String data) throws PyValueError {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String part : split(data, ';')) {
            List<String> fields = split(part, ':');
            if (fields.size() != 3) {
                throw new PyValueError("The data part '" + part
                        + "' did not match the expected format of 3 parts divided by ':'");
            }
            String type = fields.get(1);
            if (!type.equals("int") && !type.equals("float") && !type.equals("str") && !type.equals("bool")) {
                throw new PyValueError("The data type '" + type + "' is unknown. Only " + ALLOWED_TYPES
                        + " are allowed");
            }
            List<String> texts = split(fields.get(2), ',');
            List<Object> values = new ArrayList<>(texts.size());
            try {
                for (String text : texts) {
                    values.add(convert(type, text));
                }
            } catch (PyValueError e) {
                throw new PyValueError("Unable to convert values to '" + type + "'. Error is: " + e.getMessage());
            }
            out.put(fields.get(0), values.size() == 1 ? values.get(0)
                    : Collections.unmodifiableList(values));
        }
        return out;
    }

    private static Object convert(String type, String text) throws PyValueError {
        return switch (type) {
            case "int" -> PyNumbers.parseInt(text);
            case "float" -> PyNumbers.parseFloat(text);
            case "bool" -> parseBool(text);
            default -> text;
        };
    }

    /** PyExpLabSys's {@code bool_translate}: exactly {@code True} or {@code False}. */
    static Boolean parseBool(String text) throws PyValueError {
        if (text.equals("True")) {
            return Boolean.TRUE;
        }
        if (text.equals("False")) {
            return Boolean.FALSE;
        }
        throw new PyValueError("Cannot translate the string '" + text
                + "' to a boolean. Only the strings 'True' or 'False' are allowed");
    }

    /** Python's {@code str.split(sep)}: keeps empty fields, including leading and trailing ones. */
    static List<String> split(String s, char sep) {
        List<String> parts = new ArrayList<>(4);
        int from = 0;
        int at;
        while ((at = s.indexOf(sep, from)) >= 0) {
            parts.add(s.substring(from, at));
            from = at + 1;
        }
        parts.add(s.substring(from));
        return parts;
    }
}
