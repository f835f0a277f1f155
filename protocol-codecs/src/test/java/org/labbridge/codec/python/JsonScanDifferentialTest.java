package org.labbridge.codec.python;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link JsonValidator} (the fast path {@link JsonScan}, and the exact check when it does not accept) says
 * exactly what {@link ExactJsonCheck} alone says (the validator's whole implementation before the fast path):
 * the same verdict, non-finite flag, kind of error, message and offset, through {@code validate} and a re-used
 * {@code Checker}; and the fast path accepts nothing the exact check refuses, and (within its bounds) every
 * document it accepts, so valid messages do not pay for two passes. Inputs: the differential corpus of
 * {@link JsonValidatorDifferentialTest}, random documents (valid and broken), and documents at the edges of
 * the fast path's bounds (nesting near {@link JsonScan#MAX_DEPTH}, number lengths near the limit), under
 * several limits.
 */
@Timeout(60)
class JsonScanDifferentialTest {

    private static final List<JsonLimits> LIMITS = List.of(JsonLimits.DEFAULT, new JsonLimits(1 << 20, 3, 5),
            new JsonLimits(1 << 20, 61, 20), new JsonLimits(1 << 20, 62, 20), new JsonLimits(1 << 20, 63, 20),
            new JsonLimits(1 << 20, 64, 1), new JsonLimits(1 << 20, 200, 4300));

    /** The exact check's outcome, in full. */
    static String exact(JsonLimits limits, byte[] b, int off, int len) {
        try {
            return "valid " + new ExactJsonCheck(limits.maxNesting(), limits.maxNumberChars()).check(b, off, off + len);
        } catch (InvalidJsonException e) {
            return describe(e);
        }
    }

    static String validator(JsonValidator v, byte[] b, int off, int len) {
        try {
            return "valid " + v.validate(b, off, len);
        } catch (InvalidJsonException e) {
            return describe(e);
        }
    }

    static String checker(JsonValidator.Checker c, byte[] b, int off, int len) {
        try {
            return "valid " + c.validate(b, off, len);
        } catch (InvalidJsonException e) {
            return describe(e);
        }
    }

    private static String describe(InvalidJsonException e) {
        return (e.badEncoding() ? "encoding: " : "json: ") + e.getMessage() + " (offset " + e.offset() + ")";
    }

    /** The fast path alone, as {@link JsonValidator} calls it. */
    static String fast(JsonLimits limits, byte[] b, int off, int len) {
        int r = JsonScan.scan(java.util.Arrays.copyOfRange(b, off, off + len),
                Math.min(limits.maxNesting(), JsonScan.MAX_DEPTH), limits.maxNumberChars());
        return r == JsonScan.UNSURE ? "unsure" : "valid " + (r == JsonScan.VALID_NON_FINITE);
    }

    /**
     * Checks one input under one set of limits, also as a range inside other bytes; adds what differs to
     * {@code mismatches}. {@code fastMustAccept}: the input is within the fast path's bounds.
     */
    private static void compare(JsonLimits limits, JsonValidator v, JsonValidator.Checker c, byte[] input,
                                boolean fastMustAccept, List<String> mismatches) {
        byte[] padding = {(byte) 0xff, '[', '"', (byte) 0xc3, ' ', '1', '\\'};
        byte[] embedded = JsonValidatorDifferentialTest.embedded(padding, input);
        String expected = exact(limits, input, 0, input.length);
        String fast = fast(limits, embedded, padding.length, input.length);
        String[] actual = {validator(v, input, 0, input.length), validator(v, embedded, padding.length, input.length),
            checker(c, embedded, padding.length, input.length)};
        for (String a : actual) {
            if (!a.equals(expected)) {
                mismatches.add("exact check: " + expected + ", validator: " + a + at(limits, input));
                return;
            }
        }
        if (!fast.equals("unsure") && !fast.equals(expected)) {
            mismatches.add("exact check: " + expected + ", fast path: " + fast + at(limits, input));
        } else if (fastMustAccept && expected.startsWith("valid") && fast.equals("unsure")) {
            mismatches.add("fast path unsure of a valid document within its bounds" + at(limits, input));
        }
        compareSplit(limits, c, padding, input, fastMustAccept, mismatches);
    }

    /**
     * {@link JsonValidator.Checker#acceptFrom} as a frame decoder uses it: the input after other bytes,
     * followed by the bridge's delimiter 0x17 and more bytes. Where it accepts a document that the delimiter
     * follows, that must be the frame (the bytes up to the first 0x17) and the exact check must accept the
     * frame with the same non-finite flag; within the fast path's bounds it must accept every valid frame.
     * Also followed by the 0 a read window puts after its copy: never accepted through it.
     */
    private static void compareSplit(JsonLimits limits, JsonValidator.Checker c, byte[] padding, byte[] input,
                                     boolean fastMustAccept, List<String> mismatches) {
        int frameLength = 0;
        while (frameLength < input.length && input[frameLength] != 0x17) {
            frameLength++;
        }
        String frameVerdict = exact(limits, input, 0, frameLength);
        for (byte[] after : new byte[][] {{0x17, '{', '}', 0x17}, {0x17}, {0, ' ', 0x17}}) {
            byte[] b = new byte[padding.length + input.length + after.length];
            System.arraycopy(padding, 0, b, 0, padding.length);
            System.arraycopy(input, 0, b, padding.length, input.length);
            System.arraycopy(after, 0, b, padding.length + input.length, after.length);
            int end = c.acceptFrom(b, padding.length);
            int length = end - padding.length;
            if (end >= 0 && (end > b.length || end < padding.length)) {
                mismatches.add("acceptFrom: end " + end + " outside the input" + at(limits, input));
            } else if (end >= 0 && end < b.length && b[end] == 0x17) {
                if (length != frameLength) {
                    mismatches.add("acceptFrom: a document of " + length + " bytes before a delimiter, the frame is "
                            + frameLength + at(limits, input));
                } else if (!frameVerdict.equals("valid " + c.lastNonFinite())) {
                    mismatches.add("acceptFrom accepted a frame (non-finite " + c.lastNonFinite()
                            + "), exact check: " + frameVerdict + at(limits, input));
                }
            } else if (end > padding.length + input.length && after[0] == 0) {
                mismatches.add("acceptFrom: accepted through the 0 after the input" + at(limits, input));
            } else if (after[0] == 0x17 && fastMustAccept && frameLength == input.length
                    && frameVerdict.startsWith("valid")) {
                mismatches.add("acceptFrom: a valid frame within the bounds not accepted (end " + end + ")"
                        + at(limits, input));
            }
        }
    }

    private static String at(JsonLimits limits, byte[] input) {
        return " with " + limits + " on " + JsonValidatorTest.show(input);
    }

    private static void assertNone(List<String> mismatches) {
        if (!mismatches.isEmpty()) {
            fail(mismatches.size() + " disagreement(s) (at most 20 shown):\n"
                    + String.join("\n", mismatches.subList(0, Math.min(20, mismatches.size()))));
        }
    }

    @Test
    void agreesWithTheExactCheckOnTheDifferentialCorpus() {
        List<String> mismatches = new ArrayList<>();
        List<byte[]> corpus = JsonValidatorDifferentialTest.Corpus.generate(20_240_611L, 20_000);
        for (JsonLimits limits : List.of(JsonLimits.DEFAULT, new JsonLimits(1 << 20, 3, 5))) {
            JsonValidator v = new JsonValidator(limits);
            JsonValidator.Checker c = v.checker();
            for (byte[] input : corpus) {
                // The corpus is shallow and its numbers short: within the fast path's bounds under DEFAULT.
                compare(limits, v, c, input, limits == JsonLimits.DEFAULT, mismatches);
            }
        }
        assertNone(mismatches);
    }

    @Test
    void agreesWithTheExactCheckOnRandomDocuments() {
        Random random = new Random(7);
        List<String> mismatches = new ArrayList<>();
        int valid = 0;
        int total = 0;
        for (JsonLimits limits : LIMITS) {
            JsonValidator v = new JsonValidator(limits);
            JsonValidator.Checker c = v.checker();
            for (int n = 0; n < 4_000; n++) {
                byte[] doc = RandomJson.document(random);
                int mutations = random.nextInt(3);
                for (int m = 0; m < mutations; m++) {
                    doc = RandomJson.mutate(random, doc);
                }
                compare(limits, v, c, doc, false, mismatches);
                valid += exact(limits, doc, 0, doc.length).startsWith("valid") ? 1 : 0;
                total++;
            }
        }
        assertNone(mismatches);
        assertTrue(valid > total / 4 && valid < total * 3 / 4, valid + " valid of " + total);
    }

    @Test
    void agreesAtTheEdgesOfTheFastPathsBounds() {
        List<String> mismatches = new ArrayList<>();
        for (JsonLimits limits : LIMITS) {
            JsonValidator v = new JsonValidator(limits);
            JsonValidator.Checker c = v.checker();
            int fastNesting = Math.min(limits.maxNesting(), JsonScan.MAX_DEPTH);
            for (int depth = 0; depth <= 66; depth++) {
                for (String inner : List.of("", "1", "NaN", "{}", "[]", "\"é\"")) {
                    for (boolean broken : new boolean[] {false, true}) {
                        byte[] doc = nested(depth, inner, broken);
                        // Within the bounds when every container fits (an empty inner one is a level too).
                        int levels = depth + (inner.equals("{}") || inner.equals("[]") ? 1 : 0);
                        compare(limits, v, c, doc, levels <= fastNesting, mismatches);
                    }
                }
            }
            for (int length = 1; length <= 24; length++) {
                for (String number : List.of("1".repeat(length), "-" + "1".repeat(length),
                        "1." + "5".repeat(length), "-0.5e+" + "1".repeat(length), "9E" + "9".repeat(length))) {
                    for (String doc : List.of(number, "[" + number + "]", "{\"n\": " + number + ", \"m\": 0}")) {
                        byte[] b = doc.getBytes(StandardCharsets.US_ASCII);
                        compare(limits, v, c, b, number.length() <= limits.maxNumberChars(), mismatches);
                    }
                }
            }
        }
        assertNone(mismatches);
    }

    /** {@code depth} levels, alternating objects and arrays, around {@code inner}; broken: one swapped bracket. */
    private static byte[] nested(int depth, String inner, boolean broken) {
        StringBuilder sb = new StringBuilder();
        for (int level = 0; level < depth; level++) {
            sb.append(level % 2 == 0 ? "{\"k\": " : "[");
        }
        sb.append(inner);
        for (int level = depth - 1; level >= 0; level--) {
            boolean object = level % 2 == 0;
            sb.append(object != (broken && level == depth / 2) ? '}' : ']');
        }
        if (depth == 0 && broken) {
            sb.append(']');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Random JSON documents of every construct, and byte mutations of them. */
    static final class RandomJson {
        private static final String[] WORDS = {"true", "false", "null", "NaN", "Infinity", "-Infinity"};
        private static final String[] ESCAPES = {"\\\"", "\\\\", "\\/", "\\b", "\\f", "\\n", "\\r", "\\t",
            "\\u00e9", "\\uD83D\\uDE00", "\\ud800", "\\u001F", "\\uABCD"};
        private static final String[] TEXT = {"a", "Z", " ", "~", "\u007f", "é", "°", "µ", "три", "中", "😀",
            "\u0080", "\u07ff", "\u0800", "\uffff", "sample", "a_power"};
        private static final String[] SPACE = {"", "", "", " ", " ", "\t", "\n", "\r\n", "  "};
        private static final byte[] BYTES = "{}[]:,\"\\/.-+eE0123456789 tfnNIu\t\n\r\u0000\u001f\u007f"
                .getBytes(StandardCharsets.ISO_8859_1);

        private RandomJson() {
        }

        static byte[] document(Random r) {
            StringBuilder sb = new StringBuilder();
            sb.append(SPACE[r.nextInt(SPACE.length)]);
            value(r, sb, 0);
            sb.append(SPACE[r.nextInt(SPACE.length)]);
            return sb.toString().getBytes(StandardCharsets.UTF_8);
        }

        private static void value(Random r, StringBuilder sb, int depth) {
            int kind = depth > 6 ? 2 + r.nextInt(4) : r.nextInt(6);
            switch (kind) {
                case 0 -> {
                    sb.append('{');
                    int n = r.nextInt(5);
                    for (int k = 0; k < n; k++) {
                        sb.append(k == 0 ? "" : "," + SPACE[r.nextInt(SPACE.length)]);
                        string(r, sb);
                        sb.append(SPACE[r.nextInt(SPACE.length)]).append(':').append(SPACE[r.nextInt(SPACE.length)]);
                        value(r, sb, depth + 1);
                    }
                    sb.append(SPACE[r.nextInt(SPACE.length)]).append('}');
                }
                case 1 -> {
                    sb.append('[');
                    int n = r.nextInt(6);
                    for (int k = 0; k < n; k++) {
                        sb.append(k == 0 ? "" : "," + SPACE[r.nextInt(SPACE.length)]);
                        value(r, sb, depth + 1);
                    }
                    sb.append(SPACE[r.nextInt(SPACE.length)]).append(']');
                }
                case 2 -> string(r, sb);
                case 3 -> sb.append(WORDS[r.nextInt(WORDS.length)]);
                default -> number(r, sb);
            }
        }

        private static void string(Random r, StringBuilder sb) {
            sb.append('"');
            int n = r.nextInt(4) == 0 ? r.nextInt(40) : r.nextInt(10);
            for (int k = 0; k < n; k++) {
                sb.append(r.nextInt(5) == 0 ? ESCAPES[r.nextInt(ESCAPES.length)] : TEXT[r.nextInt(TEXT.length)]);
            }
            sb.append('"');
        }

        private static void number(Random r, StringBuilder sb) {
            if (r.nextBoolean()) {
                sb.append('-');
            }
            sb.append(r.nextInt(4) == 0 ? "0" : String.valueOf(1 + r.nextInt(9)) + digits(r, r.nextInt(12)));
            if (r.nextBoolean()) {
                sb.append('.').append(r.nextInt(9)).append(digits(r, r.nextInt(16)));
            }
            if (r.nextInt(3) == 0) {
                sb.append(r.nextBoolean() ? 'e' : 'E').append(new String[] {"", "+", "-"}[r.nextInt(3)])
                        .append(r.nextInt(10)).append(digits(r, r.nextInt(3)));
            }
        }

        private static String digits(Random r, int n) {
            StringBuilder sb = new StringBuilder();
            for (int k = 0; k < n; k++) {
                sb.append((char) ('0' + r.nextInt(10)));
            }
            return sb.toString();
        }

        /** One byte replaced, inserted or deleted (mostly bytes that matter to JSON), or a truncation. */
        static byte[] mutate(Random r, byte[] doc) {
            int n = doc.length;
            int at = r.nextInt(n + 1);
            byte x = r.nextInt(4) == 0 ? (byte) r.nextInt(256) : BYTES[r.nextInt(BYTES.length)];
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            switch (r.nextInt(4)) {
                case 0 -> {
                    if (n == 0) {
                        return new byte[] {x};
                    }
                    byte[] copy = doc.clone();
                    copy[Math.min(at, n - 1)] = x;
                    return copy;
                }
                case 1 -> {
                    out.write(doc, 0, at);
                    out.write(x);
                    out.write(doc, at, n - at);
                }
                case 2 -> {
                    if (n == 0) {
                        return doc;
                    }
                    int i = Math.min(at, n - 1);
                    out.write(doc, 0, i);
                    out.write(doc, i + 1, n - i - 1);
                }
                default -> out.write(doc, 0, at);
            }
            return out.toByteArray();
        }
    }

    @Test
    void theBenchMessageAndTheLabCorpusTakeTheFastPath() {
        List<byte[]> docs = new ArrayList<>(JsonValidatorBench.labCorpus());
        assertEquals(41, docs.size());
        for (byte[] d : docs) {
            assertEquals(exact(JsonLimits.DEFAULT, d, 0, d.length), fast(JsonLimits.DEFAULT, d, 0, d.length),
                    JsonValidatorTest.show(d));
        }
    }
}
