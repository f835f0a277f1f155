package org.labbridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.labbridge.codec.python.InvalidJsonException;
import org.labbridge.codec.python.JsonLimits;
import org.labbridge.codec.python.JsonValidator;
import org.labbridge.codec.python.JsonValidatorDifferentialTest.Corpus;

/**
 * {@link JsonValidator} with {@link JsonLimits#DEFAULT} gives CPython's own verdict on
 * {@code json.loads(data.decode('utf-8'))}, input by input: accepted or not, with or without a NaN /
 * Infinity / -Infinity literal, and refused for its encoding or for its JSON. The inputs: 5,000 mutated
 * documents (protocol-codecs' differential corpus, from its test jar), every byte alone and in a string,
 * a table of UTF-8 lead and continuation bytes, and Python's limits (990 levels, 4300-digit integers).
 */
@Timeout(60)
class JsonValidatorPythonIT {

    /** Reads hex lines, prints one verdict a line: {@code ok 0|1} (a NaN/Infinity literal seen), {@code bad enc|json}. */
    private static final String SCRIPT = """
            import json
            import sys


            def verdict(data):
                try:
                    text = data.decode('utf-8')
                except UnicodeDecodeError:
                    return 'bad enc'
                constants = []  # parse_constant sees the literals only: 1e400 is inf too, but not one

                def constant(name):
                    constants.append(name)
                    return float(name)

                try:
                    json.loads(text, parse_constant=constant)
                except ValueError:  # JSONDecodeError, and int() beyond sys.get_int_max_str_digits()
                    return 'bad json'
                except RecursionError:
                    return 'bad json'
                return 'ok 1' if constants else 'ok 0'


            def main():
                if hasattr(sys, 'set_int_max_str_digits'):
                    sys.set_int_max_str_digits(4300)  # the default, whatever PYTHONINTMAXSTRDIGITS says
                    print('int_max_str_digits', sys.get_int_max_str_digits())
                else:
                    print('int_max_str_digits none')
                with open(sys.argv[1], encoding='ascii') as f:
                    for line in f:
                        print(verdict(bytes.fromhex(line.strip())))


            main()
            """;

    @Test
    void agreesWithCPython(@TempDir Path dir) throws IOException, InterruptedException {
        List<byte[]> inputs = new ArrayList<>(Corpus.generate(5_309L, 5_000));
        inputs.addAll(edgeCases());

        Path script = dir.resolve("json_verdicts.py");
        Files.writeString(script, SCRIPT, StandardCharsets.UTF_8);
        Path hexLines = dir.resolve("inputs.hex");
        StringBuilder sb = new StringBuilder();
        for (byte[] input : inputs) {
            sb.append(HexFormat.of().formatHex(input)).append('\n');
        }
        Files.writeString(hexLines, sb, StandardCharsets.US_ASCII);
        Path stderr = dir.resolve("stderr.txt");

        Process python = new ProcessBuilder("python3", script.toString(), hexLines.toString())
                .redirectError(stderr.toFile())
                .start();
        String stdout;
        try {
            stdout = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(python.waitFor(30, TimeUnit.SECONDS), "python3 ended");
        } finally {
            python.destroyForcibly();
        }
        assertEquals(0, python.exitValue(), () -> "python3 exit status; stderr: " + read(stderr));
        List<String> verdicts = stdout.lines().toList();
        assertEquals("int_max_str_digits 4300", verdicts.get(0),
                "a Python with the int() digit limit (3.11+, or a security release that has it)");
        assertEquals(inputs.size(), verdicts.size() - 1, "one verdict per input");

        JsonValidator validator = new JsonValidator(JsonLimits.DEFAULT);
        List<String> mismatches = new ArrayList<>();
        int valid = 0;
        int nonFinite = 0;
        int badEncoding = 0;
        for (int i = 0; i < inputs.size(); i++) {
            byte[] input = inputs.get(i);
            String expected = verdicts.get(i + 1);
            String actual = verdict(validator, input);
            if (!expected.equals(actual) && mismatches.size() < 20) {
                mismatches.add("input " + i + ": Python " + expected + ", validator " + actual + " ("
                        + detail(validator, input) + ")\n  hex: " + shorten(HexFormat.of().formatHex(input))
                        + "\n  text: " + shorten(show(input)));
            }
            valid += expected.startsWith("ok") ? 1 : 0;
            nonFinite += expected.equals("ok 1") ? 1 : 0;
            badEncoding += expected.equals("bad enc") ? 1 : 0;
        }
        if (!mismatches.isEmpty()) {
            fail(mismatches.size() + " disagreement(s) with CPython (at most 20 shown):\n"
                    + String.join("\n", mismatches));
        }
        String shares = "valid " + valid + ", non-finite " + nonFinite + ", bad encoding " + badEncoding + " of "
                + inputs.size();
        assertTrue(valid > inputs.size() / 5, shares);
        assertTrue(nonFinite > inputs.size() / 100, shares);
        assertTrue(badEncoding > inputs.size() / 10, shares);
        assertTrue(inputs.size() - valid - badEncoding > inputs.size() / 5, shares);
    }

    /** Inputs the random corpus is unlikely to produce. */
    private static List<byte[]> edgeCases() {
        List<byte[]> out = new ArrayList<>();
        // Every byte alone, and as the content of a string.
        for (int b = 0; b < 256; b++) {
            out.add(new byte[] {(byte) b});
            out.add(new byte[] {'"', (byte) b, '"'});
        }
        // Lead bytes with continuation bytes at the edges of the ranges the lead allows; complete and cut short.
        int[] seconds = {0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0};
        for (int lead = 0xc0; lead <= 0xff; lead++) {
            for (int second : seconds) {
                out.add(new byte[] {'"', (byte) lead, (byte) second, '"'});
                out.add(new byte[] {'"', (byte) lead, (byte) second, (byte) 0x80, (byte) 0xbf, '"'});
            }
        }
        // Python's limits.
        out.add(ascii("1".repeat(4300)));
        out.add(ascii("-" + "9".repeat(4300)));
        out.add(ascii("1".repeat(4301)));
        out.add(ascii("-" + "9".repeat(4301)));
        out.add(ascii("[0, " + "1".repeat(4301) + "]"));
        out.add(ascii("{\"k\": " + "1".repeat(4301) + "}"));
        out.add(ascii("[" + "1".repeat(4000) + ".5e-1, " + "1".repeat(4200) + "]"));
        out.add(ascii("[".repeat(990) + "]".repeat(990)));
        out.add(ascii("[".repeat(989) + "{}" + "]".repeat(989)));
        StringBuilder alternating = new StringBuilder();
        for (int level = 0; level < 990; level++) {
            alternating.append(level % 2 == 0 ? "{\"a\":" : "[");
        }
        alternating.append("NaN");
        for (int level = 989; level >= 0; level--) {
            alternating.append(level % 2 == 0 ? '}' : ']');
        }
        out.add(ascii(alternating.toString()));
        // Spellings and near misses.
        for (String s : List.of("NaN", "Infinity", "-Infinity", "[NaN,Infinity,-Infinity]", "1e400", "-1e400",
                "INF", "-INF", "+Infinity", "-NaN", "nan", "inf", "Infinit", "NaNN", "[-Infinity1]",
                "\ufeff{}", "{}\ufeff", " \t\r\n0 \t\r\n", "\u000b0", "0\u000c", "\u00a00", "\u20280",
                "{\"\\ud800\": 1, \"\\udc00\": [\"\\udbff\\udfff\"]}", "\"\\u00\u05333\"", "\"\\u0\uff103\"",
                "\"\\uD83D\\uDE00\"", "\"\\uD83D\\u12\"", "{\"a\":1,\"a\":2}", "[1,]", "{\"a\":1,}", "01", "-0",
                "-0.0e-0", "1.", ".1", "1e", "1E+", "\"\u007f\"", "\"\u2028\u2029\"", "\"\\/\"", "\"\\'\"")) {
            out.add(s.getBytes(StandardCharsets.UTF_8));
        }
        out.add(new byte[] {'{', '}', 0});
        out.add(new byte[] {0, '{', '}'});
        out.add(new byte[] {(byte) 0xff, (byte) 0xfe, '{', 0, '}', 0}); // UTF-16LE with a BOM
        return out;
    }

    private static String verdict(JsonValidator validator, byte[] input) {
        try {
            return validator.validate(input) ? "ok 1" : "ok 0";
        } catch (InvalidJsonException e) {
            return e.badEncoding() ? "bad enc" : "bad json";
        }
    }

    private static String detail(JsonValidator validator, byte[] input) {
        try {
            return "non-finite " + validator.validate(input);
        } catch (InvalidJsonException e) {
            return e.getMessage();
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** Printable ASCII as is, every other byte (and the backslash) as {@code \xNN}. */
    private static String show(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            int c = x & 0xff;
            sb.append(c >= 0x20 && c < 0x7f && c != '\\' ? String.valueOf((char) c) : String.format("\\x%02x", c));
        }
        return sb.toString();
    }

    private static String shorten(String s) {
        return s.length() <= 400 ? s : s.substring(0, 400) + "... (" + s.length() + " chars)";
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
