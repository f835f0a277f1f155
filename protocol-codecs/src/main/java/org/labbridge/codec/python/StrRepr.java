package org.labbridge.codec.python;

/**
 * CPython's {@code repr(str)} ({@code unicode_repr}): the quote choice, the escapes and
 * {@code str.isprintable()} decided per code point.
 */
final class StrRepr {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private StrRepr() {
    }

    static void append(StringBuilder out, String s) {
        // Single quotes, unless the text has a ' and no " (then double quotes need no escaping at all).
        char quote = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
        out.append(quote);
        int n = s.length();
        for (int i = 0; i < n; ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == quote || cp == '\\') {
                out.append('\\').append((char) cp);
            } else if (cp == '\t') {
                out.append("\\t");
            } else if (cp == '\n') {
                out.append("\\n");
            } else if (cp == '\r') {
                out.append("\\r");
            } else if (cp < 0x20 || cp == 0x7f) {
                hexEscape(out, 'x', cp, 2);
            } else if (cp < 0x7f) {
                out.append((char) cp);
            } else if (isPrintable(cp)) {
                out.appendCodePoint(cp);
            } else if (cp <= 0xff) {
                hexEscape(out, 'x', cp, 2);
            } else if (cp <= 0xffff) {
                hexEscape(out, 'u', cp, 4);
            } else {
                hexEscape(out, 'U', cp, 8);
            }
        }
        out.append(quote);
    }

    /**
     * Python's {@code str.isprintable()} for one non-ASCII code point: false for the categories Other (Cc, Cf,
     * Cs, Co, Cn) and Separator (Zl, Zp, Zs). Java's Unicode tables may be a version apart from Python's.
     */
    static boolean isPrintable(int cp) {
        switch (Character.getType(cp)) {
            case Character.CONTROL:
            case Character.FORMAT:
            case Character.SURROGATE:
            case Character.PRIVATE_USE:
            case Character.UNASSIGNED:
            case Character.LINE_SEPARATOR:
            case Character.PARAGRAPH_SEPARATOR:
            case Character.SPACE_SEPARATOR:
                return cp == ' ';
            default:
                return true;
        }
    }

    /** Appends a backslash, {@code kind} and {@code digits} lowercase hex digits of {@code cp}. */
    static void hexEscape(StringBuilder out, char kind, int cp, int digits) {
        out.append('\\').append(kind);
        for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
            out.append(HEX[(cp >>> shift) & 0xf]);
        }
    }
}
