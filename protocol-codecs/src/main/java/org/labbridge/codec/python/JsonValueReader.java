package org.labbridge.codec.python;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Streams Jackson tokens straight into the value model (no intermediate tree) and enforces {@link JsonLimits}.
 *
 * <p>One {@link JsonFactory} serves every call and every limit: it is thread-safe, and its own constraints are
 * opened wide because the per-call limits are checked here, before Jackson converts a number or we recurse.
 */
final class JsonValueReader {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            // Jackson's FastDoubleParser: the same correctly rounded double as Double.parseDouble, without its
            // big-integer arithmetic for 17-digit timestamps (a fifth of the Netdata plugin's CPU at 10,000
            // readings a second)
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(Integer.MAX_VALUE)
                    .maxNumberLength(Integer.MAX_VALUE)
                    .maxStringLength(Integer.MAX_VALUE)
                    .maxNameLength(Integer.MAX_VALUE)
                    .build())
            .build();

    private final JsonParser parser;
    private final JsonLimits limits;

    private JsonValueReader(JsonParser parser, JsonLimits limits) {
        this.parser = parser;
        this.limits = limits;
    }

    static Object read(String text, JsonLimits limits) throws PyJsonException {
        if (text.length() > limits.maxChars()) {
            throw new PyJsonException("JSON text of " + text.length() + " chars exceeds the limit of "
                    + limits.maxChars());
        }
        Map<String, Object> flat = FlatJsonReader.read(text, limits); // the common case, without a parser
        if (flat != null) {
            return flat;
        }
        return readWithJackson(text, limits);
    }

    /** {@link #read(String, JsonLimits)} without the shortcut of {@link FlatJsonReader} (tests compare both). */
    static Object readWithJackson(String text, JsonLimits limits) throws PyJsonException {
        try (JsonParser p = FACTORY.createParser(text)) {
            return new JsonValueReader(p, limits).document();
        } catch (JsonProcessingException e) {
            throw invalid(e);
        } catch (IOException e) {
            throw new PyJsonException("cannot read JSON: " + e.getMessage(), e);
        }
    }

    static Object read(byte[] data, int offset, int length, JsonLimits limits) throws PyJsonException {
        if (length > limits.maxChars()) {
            throw new PyJsonException("JSON text of " + length + " bytes exceeds the limit of "
                    + limits.maxChars());
        }
        try (JsonParser p = FACTORY.createParser(data, offset, length)) {
            return new JsonValueReader(p, limits).document();
        } catch (JsonProcessingException e) {
            throw invalid(e);
        } catch (IOException e) {
            throw new PyJsonException("cannot read JSON: " + e.getMessage(), e);
        }
    }

    private static PyJsonException invalid(JsonProcessingException e) {
        JsonLocation loc = e.getLocation();
        String where = loc == null ? "" : " at line " + loc.getLineNr() + " column " + loc.getColumnNr();
        return new PyJsonException("invalid JSON: " + e.getOriginalMessage() + where, e);
    }

    private Object document() throws IOException, PyJsonException {
        JsonToken first = parser.nextToken();
        if (first == null) {
            throw new PyJsonException("invalid JSON: expecting a value, the text is empty");
        }
        Object value = value(first);
        JsonToken extra = parser.nextToken();
        if (extra != null) {
            throw new PyJsonException("invalid JSON: extra data after the value" + at());
        }
        return value;
    }

    /**
     * An open object or array. The reader keeps them on a heap stack rather than recursing: nesting is the
     * peer's choice, and at 990 levels a recursive reader overflows a small event-loop stack on a cold JVM
     * (interpreted frames are large).
     */
    private static final class Open {
        final Map<String, Object> map;
        final List<Object> list;
        String key;

        Open(Map<String, Object> map, List<Object> list) {
            this.map = map;
            this.list = list;
        }

        Object container() {
            return map != null ? map : list;
        }

        void add(Object value) {
            if (map != null) {
                // put() on an existing key keeps its first position: Python's dict does the same.
                map.put(key, value);
            } else {
                list.add(value);
            }
        }
    }

    private Object value(JsonToken first) throws IOException, PyJsonException {
        ArrayDeque<Open> stack = new ArrayDeque<>();
        JsonToken token = first;
        while (true) {
            Object done;
            if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
                checkDepth(stack.size() + 1);
                Open open = token == JsonToken.START_OBJECT ? new Open(new LinkedHashMap<>(), null)
                        : new Open(null, new ArrayList<>());
                stack.push(open);
                token = nextIn(open);
                if (token != null) {
                    continue; // the first member's value starts
                }
                stack.pop();
                done = open.container();
            } else {
                done = scalar(token);
            }
            // A value is complete: hand it to its container, closing every container it completes.
            while (true) {
                Open parent = stack.peek();
                if (parent == null) {
                    return done;
                }
                parent.add(done);
                token = nextIn(parent);
                if (token != null) {
                    break;
                }
                stack.pop();
                done = parent.container();
            }
        }
    }

    /** The token that starts the next member's value of {@code open}, or {@code null} when it closes. */
    private JsonToken nextIn(Open open) throws IOException, PyJsonException {
        JsonToken t = parser.nextToken();
        if (open.map != null) {
            if (t == JsonToken.FIELD_NAME) {
                open.key = parser.currentName();
                t = parser.nextToken();
                if (t == null) {
                    throw new PyJsonException("invalid JSON: expected a value but got the end of the text" + at());
                }
                return t;
            }
            expect(t, JsonToken.END_OBJECT);
            return null;
        }
        if (t == JsonToken.END_ARRAY) {
            return null;
        }
        if (t == null) {
            expect(null, JsonToken.END_ARRAY);
        }
        return t;
    }

    private Object scalar(JsonToken token) throws IOException, PyJsonException {
        switch (token) {
            case VALUE_STRING:
                return parser.getText();
            case VALUE_NUMBER_INT:
                checkNumberLength();
                switch (parser.getNumberType()) {
                    case INT:
                        return parser.getIntValue();
                    case LONG:
                        return parser.getLongValue();
                    default:
                        return parser.getBigIntegerValue();
                }
            case VALUE_NUMBER_FLOAT:
                checkNumberLength();
                if (parser.isNaN()) {
                    return nonFinite(parser.getText());
                }
                return parser.getDoubleValue(); // 1E400 -> Infinity, 1e-400 -> 0.0 like Python's float()
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw new PyJsonException("invalid JSON: unexpected " + token + at());
        }
    }

    /** Python accepts exactly these three spellings; Jackson also knows INF, +INF, +Infinity. */
    private Double nonFinite(String text) throws PyJsonException {
        switch (text) {
            case "NaN":
                return Double.NaN;
            case "Infinity":
                return Double.POSITIVE_INFINITY;
            case "-Infinity":
                return Double.NEGATIVE_INFINITY;
            default:
                throw new PyJsonException("invalid JSON: '" + text + "' is not a number" + at());
        }
    }

    private void checkDepth(int depth) throws PyJsonException {
        if (depth > limits.maxNesting()) {
            throw new PyJsonException("JSON nesting exceeds the limit of " + limits.maxNesting() + at());
        }
    }

    /**
     * As {@link JsonValidator} counts (and Python, for integers): an integer's digits without its sign,
     * any other number's whole literal.
     */
    private void checkNumberLength() throws IOException, PyJsonException {
        int len = parser.getTextLength();
        boolean integer = parser.currentToken() == JsonToken.VALUE_NUMBER_INT;
        if (integer && parser.getTextCharacters()[parser.getTextOffset()] == '-') {
            len--;
        }
        if (len > limits.maxNumberChars()) {
            throw new PyJsonException("JSON " + (integer ? "integer of " + len + " digits" : "number of " + len
                    + " chars") + " exceeds the limit of " + limits.maxNumberChars() + at());
        }
    }

    private void expect(JsonToken actual, JsonToken expected) throws PyJsonException {
        if (actual != expected) {
            throw new PyJsonException("invalid JSON: expected " + expected + " but got "
                    + (actual == null ? "the end of the text" : actual) + at());
        }
    }

    private String at() {
        JsonLocation loc = parser.currentTokenLocation();
        return " at line " + loc.getLineNr() + " column " + loc.getColumnNr();
    }
}
