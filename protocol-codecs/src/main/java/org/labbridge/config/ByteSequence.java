package org.labbridge.config;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A byte sequence from configuration, such as a message delimiter: {@code 0x17}, {@code 0x0d0a},
 * or a quoted string with escapes {@code "\n"}, {@code "\r\n"}, {@code "\x17"}. {@code null} or
 * {@code none} in YAML means "no sequence" and is represented by a {@code null} reference, not by an
 * instance (an instance is never empty).
 */
public final class ByteSequence {

    /** What {@link #parse(String)} accepts, for error messages. */
    public static final String EXPECTED = "bytes like 0x17, 0x0d0a or a string like \"\\n\" (null for none)";

    /** The default bridge delimiter, 0x17 (ETB), as datalogd sends. */
    public static final ByteSequence ETB = new ByteSequence(new byte[] {0x17});

    private final byte[] bytes;

    private ByteSequence(byte[] bytes) {
        if (bytes.length == 0) {
            throw new IllegalArgumentException("expected: " + EXPECTED + " (empty is not a delimiter; use null)");
        }
        this.bytes = bytes;
    }

    public static ByteSequence of(byte... bytes) {
        return new ByteSequence(bytes.clone());
    }

    /**
     * Parses {@code 0x..} hex or a string with backslash escapes ({@code \n \r \t \0 \\ \xNN}).
     *
     * @return the sequence, or {@code null} for {@code null}/{@code none}
     */
    public static ByteSequence parse(String text) {
        if (text == null || text.equalsIgnoreCase("null") || text.equalsIgnoreCase("none")) {
            return null;
        }
        if (text.length() > 2 && (text.startsWith("0x") || text.startsWith("0X"))) {
            String hex = text.substring(2);
            if (hex.length() % 2 != 0) {
                hex = "0" + hex;
            }
            try {
                return new ByteSequence(HexFormat.of().parseHex(hex));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("expected: " + EXPECTED, e);
            }
        }
        return new ByteSequence(unescape(text));
    }

    private static byte[] unescape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '\\' || i + 1 == text.length()) {
                out.append(c);
                continue;
            }
            char e = text.charAt(++i);
            switch (e) {
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case '0' -> out.append('\0');
                case '\\' -> out.append('\\');
                case 'x' -> {
                    if (i + 2 >= text.length()) {
                        throw new IllegalArgumentException("expected: " + EXPECTED + " (\\x needs two hex digits)");
                    }
                    try {
                        out.append((char) Integer.parseInt(text.substring(i + 1, i + 3), 16));
                    } catch (RuntimeException ex) {
                        throw new IllegalArgumentException("expected: " + EXPECTED + " (\\x needs two hex digits)", ex);
                    }
                    i += 2;
                }
                default -> throw new IllegalArgumentException("expected: " + EXPECTED + " (unknown escape \\" + e + ")");
            }
        }
        // \xNN escapes are bytes, the rest is UTF-8 text: encode chars < 0x100 from escapes as single bytes.
        String s = out.toString();
        boolean allLatin1 = s.chars().allMatch(ch -> ch < 0x80) || !text.contains("\\x");
        return allLatin1 ? s.getBytes(StandardCharsets.UTF_8) : s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** A copy of the bytes. */
    public byte[] toArray() {
        return bytes.clone();
    }

    public int length() {
        return bytes.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ByteSequence other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** Hex form, e.g. {@code 0x17}, which {@link #parse(String)} reads back. */
    @Override
    public String toString() {
        return "0x" + HexFormat.of().formatHex(bytes);
    }
}
