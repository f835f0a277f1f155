package org.labbridge.codec.python;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link JsonValidator} agrees with an independent reference (Java's strict UTF-8 decoder, then Jackson held
 * to Python's rules) on 20,000 deterministic mutations of valid documents: the same verdict, the same
 * non-finite flag when valid, and "bad encoding" exactly when the decoder refuses the bytes. Also that
 * checking a range of a larger array gives the same answer as checking a copy of it.
 *
 * <p>The corpus ({@link Corpus}) is public: integration-tests' {@code JsonValidatorPythonIT} asks CPython
 * itself about the same kind of inputs.
 */
@Timeout(30)
public class JsonValidatorDifferentialTest {

    private static final int INPUTS = 20_000;

    /** What a checker said about one input. */
    record Verdict(boolean valid, boolean nonFinite, boolean badEncoding) {
        static final Verdict BAD_ENCODING = new Verdict(false, false, true);
        static final Verdict BAD_JSON = new Verdict(false, false, false);

        @Override
        public String toString() {
            return valid ? "valid" + (nonFinite ? " (non-finite)" : "") : badEncoding ? "bad encoding" : "bad JSON";
        }
    }

    // ---- the reference --------------------------------------------------------------------------------

    private static final JsonFactory JACKSON = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            // The corpus stays far below any of these (see Corpus.MAX_LENGTH); no limit of Jackson's may decide.
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(100_000).maxNumberLength(100_000).maxStringLength(100_000_000).build())
            .build();

    /**
     * Python's verdict, by other means: {@code data.decode('utf8')} is Java's decoder with REPORT (both are
     * strict: no overlong forms, no surrogates, nothing above U+10FFFF, truncation is an error); then
     * {@code json.loads} is Jackson with four corrections for where it is laxer than Python:
     * <ul>
     * <li>{@code ALLOW_NON_NUMERIC_NUMBERS} also takes {@code INF}, {@code -INF}, {@code +INF} and
     * {@code +Infinity}: a non-finite token counts only if its text is {@code NaN}, {@code Infinity} or
     * {@code -Infinity};
     * <li>Jackson reads several whitespace-separated root values one after the other: after the first value
     * there must be nothing;
     * <li>a leading U+FEFF: {@code json.loads} refuses it ("Unexpected UTF-8 BOM"); it is refused here
     * whatever Jackson does with it;
     * <li>Jackson reads the hex digits of a {@code \}{@code uXXXX} escape through a table indexed by the
     * char's low 8 bits ({@code CharTypes.charToHex}), so {@code \}{@code u00Գ3} passes (U+0533 reads as
     * '3'): here an escape needs four ASCII hex digits, as in Python. (An escape outside a string is not
     * JSON either way, so the text needs no tokenizing for this.)
     * </ul>
     * and one for where it is stricter: Jackson (2.22) refuses a {@code \}{@code uXXXX} escape of an unpaired
     * surrogate in a property name ("Broken surrogate pair in field name", "Unexpected low surrogate in
     * field name"), which Python takes there as anywhere else. Any escape of a surrogate is valid for
     * Python, so before Jackson reads the text every such escape is replaced by {@code \}{@code u0041}: it
     * stays an escape of four hex digits, and the verdict cannot change.
     * Python's limits (990 levels, 4300-digit integers) are not modelled: the corpus cannot reach them.
     */
    static Verdict reference(byte[] b) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b))
                    .toString();
        } catch (CharacterCodingException e) {
            return Verdict.BAD_ENCODING;
        }
        if (text.startsWith("\ufeff") || BAD_U_ESCAPE.matcher(text).find()) {
            return Verdict.BAD_JSON;
        }
        boolean nonFinite = false;
        try (JsonParser p = JACKSON.createParser(withoutSurrogateEscapes(text))) {
            int depth = 0;
            do {
                JsonToken t = p.nextToken();
                if (t == null) {
                    return Verdict.BAD_JSON; // nothing, or an unterminated container
                }
                switch (t) {
                    case START_OBJECT, START_ARRAY -> depth++;
                    case END_OBJECT, END_ARRAY -> depth--;
                    case VALUE_NUMBER_FLOAT -> {
                        String number = p.getText();
                        if (Character.isLetter(number.charAt(number.length() - 1))) { // not digits: a word
                            if (!number.equals("NaN") && !number.equals("Infinity") && !number.equals("-Infinity")) {
                                return Verdict.BAD_JSON;
                            }
                            nonFinite = true;
                        }
                    }
                    // Reading every string in full makes Jackson check all of its escapes now.
                    case VALUE_STRING, FIELD_NAME -> p.getText();
                    default -> {
                        // true, false, null, integers
                    }
                }
            } while (depth > 0);
            if (p.nextToken() != null) {
                return Verdict.BAD_JSON;
            }
        } catch (JsonProcessingException e) {
            return Verdict.BAD_JSON;
        } catch (IOException e) {
            throw new AssertionError("reading a String", e);
        }
        return new Verdict(true, nonFinite, false);
    }

    /**
     * An escape of a surrogate: a backslash that is not itself escaped (an even number of backslashes before
     * it, from the start of their run), {@code u}, and the four hex digits of U+D800..U+DFFF.
     */
    private static final Pattern SURROGATE_ESCAPE =
            Pattern.compile("(?<!\\\\)((?:\\\\\\\\)*)\\\\u[dD][89abcdefABCDEF][0-9a-fA-F]{2}");

    /** A backslash that is not itself escaped, {@code u}, and not four ASCII hex digits. */
    private static final Pattern BAD_U_ESCAPE = Pattern.compile("(?<!\\\\)(?:\\\\\\\\)*\\\\u(?![0-9a-fA-F]{4})");

    static String withoutSurrogateEscapes(String text) {
        return SURROGATE_ESCAPE.matcher(text).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + "\\u0041"));
    }

    static Verdict validator(JsonValidator v, byte[] b, int off, int len) {
        try {
            return new Verdict(true, v.validate(b, off, len), false);
        } catch (InvalidJsonException e) {
            return e.badEncoding() ? Verdict.BAD_ENCODING : Verdict.BAD_JSON;
        }
    }

    static Verdict checked(JsonValidator.Checker c, byte[] b, int off, int len) {
        try {
            return new Verdict(true, c.validate(b, off, len), false);
        } catch (InvalidJsonException e) {
            return e.badEncoding() ? Verdict.BAD_ENCODING : Verdict.BAD_JSON;
        }
    }

    // ---- the test -------------------------------------------------------------------------------------

    @Test
    void agreesWithTheReferenceOnMutatedDocuments() {
        JsonValidator validator = new JsonValidator(JsonLimits.DEFAULT);
        JsonValidator.Checker checker = validator.checker();
        List<byte[]> corpus = Corpus.generate(20_240_611L, INPUTS);
        assertEquals(INPUTS, corpus.size());
        List<String> mismatches = new ArrayList<>();
        int valid = 0;
        int nonFinite = 0;
        int badEncoding = 0;
        byte[] padding = {(byte) 0xff, '[', '"', (byte) 0xc3};
        for (byte[] input : corpus) {
            assertTrue(input.length <= Corpus.MAX_LENGTH, "corpus input of " + input.length + " bytes");
            Verdict expected = reference(input);
            Verdict actual = validator(validator, input, 0, input.length);
            if (!expected.equals(actual) && mismatches.size() < 20) {
                mismatches.add("expected " + expected + ", validator: " + actual + describe(validator, input));
            }
            // The same bytes in the middle of garbage, checked as a range: the same verdict and offset.
            byte[] embedded = embedded(padding, input);
            String whole = outcome(validator, input, 0, input.length);
            String ranged = outcome(validator, embedded, padding.length, input.length);
            if (!whole.equals(ranged) && mismatches.size() < 20) {
                mismatches.add("as a range: " + ranged + ", whole: " + whole + describe(validator, input));
            }
            // One checker re-used for every input (as a connection's decoder does): nothing carries over.
            Verdict reused = checked(checker, embedded, padding.length, input.length);
            if (!reused.equals(actual) && mismatches.size() < 20) {
                mismatches.add("re-used checker: " + reused + ", validator: " + actual + describe(validator, input));
            }
            valid += expected.valid() ? 1 : 0;
            nonFinite += expected.nonFinite() ? 1 : 0;
            badEncoding += expected.badEncoding() ? 1 : 0;
        }
        if (!mismatches.isEmpty()) {
            fail(mismatches.size() + " disagreement(s) (at most 20 shown):\n" + String.join("\n", mismatches));
        }
        // A corpus that is almost all rubbish would prove little: enough of each kind.
        String shares = "valid " + valid + ", non-finite " + nonFinite + ", bad encoding " + badEncoding + " of "
                + INPUTS;
        assertTrue(valid > INPUTS / 5, shares);
        assertTrue(nonFinite > INPUTS / 50, shares);
        assertTrue(badEncoding > INPUTS / 20, shares);
        assertTrue(INPUTS - valid - badEncoding > INPUTS / 5, shares);
    }

    @Test
    void theReferenceItselfFollowsPythonsRules() {
        // Spot checks of the oracle's corrections, so that a mistake in it cannot hide one in the validator.
        assertEquals(new Verdict(true, true, false), reference(utf8("[NaN, Infinity, -Infinity]")));
        assertEquals(new Verdict(true, false, false), reference(utf8("[1e400, \"NaN\", {\"Infinity\": -0}]")));
        for (String bad : List.of("INF", "-INF", "+INF", "+Infinity", "-NaN", "nan", "1 2", "{} {}", "\ufeff{}",
                "[1,]", "01", "1.", "\"\\x\"", "\"\t\"", "{'a':1}", "", " ", "[", "\u000b1", "// c\n1")) {
            assertEquals(Verdict.BAD_JSON, reference(utf8(bad)), bad);
        }
        assertEquals(Verdict.BAD_ENCODING, reference(new byte[] {'"', (byte) 0xed, (byte) 0xa0, (byte) 0x80, '"'}));
        assertEquals(Verdict.BAD_ENCODING, reference(new byte[] {'"', (byte) 0xc3}));
        assertEquals(Verdict.BAD_ENCODING, reference(new byte[] {(byte) 0xff, '{', '}'}));
        assertEquals(new Verdict(true, false, false), reference(utf8("\"\\ud800 é 😀 \u007f\"")));
        // Unpaired surrogate escapes, which Jackson refuses in property names.
        assertEquals(new Verdict(true, false, false),
                reference(utf8("{\"\\ud83dB\": 0, \"\\ude00\": 1, \"a\\uD800\": 2, \"\\\\\\udbff\": 3}")));
        assertEquals("\"\\\\ud800 \\\\\\u0041\\u0041\\u0041 \\u0041\\u12\"",
                withoutSurrogateEscapes("\"\\\\ud800 \\\\\\uDFFF\\ud83d\\uDE00 \\udbff\\u12\""));
        assertEquals(Verdict.BAD_JSON, reference(utf8("{\"\\ud800\\u12\": 0}")));
        assertEquals(Verdict.BAD_JSON, reference(utf8("\\ud800")));
        // Jackson alone would take U+0533 for the hex digit '3'.
        assertEquals(Verdict.BAD_JSON, reference(utf8("\"\\u00\u05333\"")));
        assertEquals(Verdict.BAD_JSON, reference(utf8("[\"\\\\\\u12\"]")));
        assertEquals(new Verdict(true, false, false), reference(utf8("[\"\\\\u12\", \"\\u0A0b\"]")));
    }

    /** {@code input} between two copies of {@code padding}. */
    static byte[] embedded(byte[] padding, byte[] input) {
        byte[] embedded = new byte[input.length + 2 * padding.length];
        System.arraycopy(padding, 0, embedded, 0, padding.length);
        System.arraycopy(input, 0, embedded, padding.length, input.length);
        System.arraycopy(padding, 0, embedded, padding.length + input.length, padding.length);
        return embedded;
    }

    private static String outcome(JsonValidator v, byte[] b, int off, int len) {
        try {
            return "valid " + v.validate(b, off, len);
        } catch (InvalidJsonException e) {
            return (e.badEncoding() ? "encoding: " : "json: ") + e.getMessage();
        }
    }

    private static String describe(JsonValidator v, byte[] input) {
        return "\n  input (" + input.length + " bytes): " + HexFormat.of().formatHex(input)
                + "\n  as text: " + JsonValidatorTest.show(input)
                + "\n  validator: " + outcome(v, input, 0, input.length);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    // ---- the corpus -----------------------------------------------------------------------------------

    /**
     * Deterministic inputs for differential tests: valid seed documents, composed into larger valid ones,
     * and mutated (a byte replaced, inserted or deleted, mostly from an alphabet of bytes that matter to JSON
     * and UTF-8; truncation; a slice duplicated; two documents spliced; a token inserted). No input is longer
     * than {@link #MAX_LENGTH}, which keeps every input below Python's limits (990 levels, 4300 digits).
     */
    public static final class Corpus {

        /** The longest input generated. */
        public static final int MAX_LENGTH = 600;

        /** Valid documents covering the grammar, written as Python would accept them. */
        public static final List<String> SEEDS = List.of(
                "{}", "[]", "0", "-0", "1.5e-3", "-12.25E+2", "1e400", "\"x\"", "\"\"", "true", "false", "null",
                "NaN", "Infinity", "-Infinity",
                "{\"t\": 21.5, \"name\": \"Ångström µ°C\", \"emoji\": \"😀\", \"ok\": true, \"none\": null}",
                "{\"nan\": NaN, \"inf\": Infinity, \"ninf\": -Infinity}",
                "[1, 2.5, -3e+2, 0.0, -0.5, 12345678901234567890, 1E-7, true, false, null]",
                "{\"a\": {\"b\": {\"c\": [1, [2, [3, {}]]]}}, \"d\": [[], [[]], [{}]]}",
                "\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u00e9 \\uD83D\\uDE00 \\ud800 \\u001F\"",
                "{\"dup\": 1, \"dup\": [\"три\", \"中文\", \"\u007f\"]}",
                " \t\r\n{ \"k\" :\t[ 1 ,2 ] , \"\" : \"\" }\r\n ",
                "[\"\u0080\u07ff\u0800\ud7ff\ue000\uffff\ud800\udc00\udbff\udfff\"]",
                "[{\"id\": 7, \"values\": [0.1, 0.2, 0.30000000000000004], \"tags\": {\"unit\": \"°C\"}}]",
                "{\"\": 0, \"0\": -0.0, \"e\": 1e0, \"E\": 2E-0}");

        private static final byte[] ALPHABET = alphabet();

        /** Tokens worth inserting whole: valid ones and near misses. */
        private static final List<String> TOKENS = List.of("NaN", "Infinity", "-Infinity", "INF", "-NaN",
                "+Infinity", "nan", "true", "false", "null", "tru", "\\u00e9", "\\ud83d\\ude00", "\\u12", "\\x",
                "é", "😀", "1e400", "-0", "0.", "01", ", ", ": ", "\"k\": ", "[]", "{}", "\ufeff");

        private Corpus() {
        }

        private static byte[] alphabet() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes("{}[]:,\"\\/.-+eE0123456789 tfnNI".getBytes(StandardCharsets.US_ASCII));
            for (int b : new int[] {' ', '\t', '\n', '\r', 0x0b, 0x0c, 0x00, 0x01, 0x1f, 0x7f, 0x80, 0xbf, 0xc3,
                0xe0, 0xed, 0xf0, 0xf4, 0xff}) {
                out.write(b);
            }
            return out.toByteArray();
        }

        /** {@code count} inputs, the same ones for the same {@code seed}. */
        public static List<byte[]> generate(long seed, int count) {
            Random random = new Random(seed);
            List<byte[]> seeds = new ArrayList<>();
            for (String s : SEEDS) {
                seeds.add(s.getBytes(StandardCharsets.UTF_8));
            }
            List<byte[]> out = new ArrayList<>(count);
            while (out.size() < count) {
                byte[] doc = random.nextInt(4) == 0 ? compose(random, seeds, 2)
                        : seeds.get(random.nextInt(seeds.size()));
                int roll = random.nextInt(100);
                int mutations = roll < 20 ? 0 : roll < 75 ? 1 : roll < 92 ? 2 : 3;
                for (int m = 0; m < mutations; m++) {
                    doc = mutate(random, seeds, doc);
                }
                if (doc.length <= MAX_LENGTH) {
                    out.add(doc);
                }
            }
            return out;
        }

        /** A valid document made of seeds: in an array, in an object, or padded with whitespace. */
        private static byte[] compose(Random random, List<byte[]> seeds, int levels) {
            byte[] inner = levels > 0 && random.nextBoolean() ? compose(random, seeds, levels - 1)
                    : seeds.get(random.nextInt(seeds.size()));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            switch (random.nextInt(3)) {
                case 0 -> {
                    out.write('[');
                    out.writeBytes(inner);
                    for (int i = random.nextInt(3); i > 0; i--) {
                        out.writeBytes(", ".getBytes(StandardCharsets.US_ASCII));
                        out.writeBytes(seeds.get(random.nextInt(seeds.size())));
                    }
                    out.write(']');
                }
                case 1 -> {
                    out.writeBytes("{\"k\": ".getBytes(StandardCharsets.US_ASCII));
                    out.writeBytes(inner);
                    if (random.nextBoolean()) {
                        out.writeBytes(", \"é\":".getBytes(StandardCharsets.UTF_8));
                        out.writeBytes(seeds.get(random.nextInt(seeds.size())));
                    }
                    out.write('}');
                }
                default -> {
                    out.write(" \n".getBytes(StandardCharsets.US_ASCII), 0, random.nextInt(3));
                    out.writeBytes(inner);
                    out.write("\r\t ".getBytes(StandardCharsets.US_ASCII), 0, random.nextInt(4));
                }
            }
            return out.toByteArray();
        }

        private static byte interesting(Random random) {
            return random.nextInt(8) == 0 ? (byte) random.nextInt(256) : ALPHABET[random.nextInt(ALPHABET.length)];
        }

        private static byte[] mutate(Random random, List<byte[]> seeds, byte[] doc) {
            int n = doc.length;
            int at = random.nextInt(n + 1);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int op = random.nextInt(100);
            if (op < 25 && n > 0) { // replace a byte
                byte[] copy = doc.clone();
                copy[Math.min(at, n - 1)] = interesting(random);
                return copy;
            } else if (op < 50) { // insert a byte
                out.write(doc, 0, at);
                out.write(interesting(random));
                out.write(doc, at, n - at);
            } else if (op < 62 && n > 0) { // delete a byte
                int i = Math.min(at, n - 1);
                out.write(doc, 0, i);
                out.write(doc, i + 1, n - i - 1);
            } else if (op < 72) { // truncate
                out.write(doc, 0, at);
            } else if (op < 82 && n > 0) { // duplicate a slice
                int from = random.nextInt(n);
                int to = from + 1 + random.nextInt(Math.min(n - from, 12));
                out.write(doc, 0, to);
                out.write(doc, from, n - from);
            } else if (op < 90) { // splice: a prefix of this, the rest of another
                byte[] other = seeds.get(random.nextInt(seeds.size()));
                int from = random.nextInt(other.length + 1);
                out.write(doc, 0, at);
                out.write(other, from, other.length - from);
            } else { // insert a token
                out.write(doc, 0, at);
                out.writeBytes(TOKENS.get(random.nextInt(TOKENS.size())).getBytes(StandardCharsets.UTF_8));
                out.write(doc, at, n - at);
            }
            return out.toByteArray();
        }
    }
}
