package org.labbridge.codec.plugind;

import org.labbridge.codec.text.Utf8;

/**
 * Makes arbitrary text safe as one plugins.d word.
 *
 * <p>Netdata splits lines on space, tab, CR, LF and {@code =}; a word that starts with {@code '} or
 * {@code "} runs to the next quote of the same kind; a backslash makes the parser skip the next character.
 * There is no escaping, so instead of escaping we remove what could break a word:
 * <ul>
 *   <li>ids (chart type, chart id, dimension id, transaction) keep only {@code [A-Za-z0-9_-]}; everything
 *       else becomes {@code _}; they are never quoted;</li>
 *   <li>text (names, titles, units, families, contexts, label values) is single-quoted like go.d.plugin
 *       does; a {@code '} inside becomes {@code ’}, a backslash {@code /}, control characters (CR, LF,
 *       tab, …) a space; non-ASCII text stays (Netdata reads UTF-8).</li>
 * </ul>
 * Lengths are capped so that every line stays far below Netdata's line limit.
 */
public final class PluginsdText {

    /** Netdata 1.37.1 reads lines into a buffer of this size; a line must be shorter. */
    public static final int MAX_LINE_BYTES = 15_359;
    /** Netdata keeps at most this many words of a line and drops the rest silently. */
    public static final int MAX_WORDS = 20;
    /** Longest id we print (Netdata's own limit is 200 for the whole {@code type.id}). */
    public static final int MAX_ID_CHARS = 90;
    /** Longest text field we print, in code points (4 bytes each at worst). */
    public static final int MAX_TEXT_CHARS = 300;

    private PluginsdText() {
    }

    /** Whether {@code c} may appear in an id as is. */
    public static boolean isIdChar(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    }

    /** Whether {@code s} is a non-empty id made of {@link #isIdChar id characters} only. */
    public static boolean isId(String s) {
        return s != null && isId(s, 0, s.length());
    }

    /** Whether {@code s[from, to)} is an id ({@link #isId(String)}), without cutting it out (every SET asks). */
    public static boolean isId(String s, int from, int to) {
        if (to <= from || to - from > MAX_ID_CHARS) {
            return false;
        }
        for (int i = from; i < to; i++) {
            if (!isIdChar(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Turns any text into an id: unsafe characters become {@code _}; an empty or null input gives
     * {@code _}; a too-long input is cut and gets a hash of the whole so that cut ids stay distinct.
     */
    public static String id(String raw) {
        if (raw == null || raw.isEmpty()) {
            return "_";
        }
        StringBuilder sb = new StringBuilder(Math.min(raw.length(), MAX_ID_CHARS));
        raw.codePoints().forEach(c -> sb.append(isIdChar(c) ? (char) c : '_'));
        if (sb.length() > MAX_ID_CHARS) {
            String hash = Integer.toHexString(raw.hashCode());
            sb.setLength(MAX_ID_CHARS - hash.length() - 1);
            sb.append('_').append(hash);
        }
        return sb.toString();
    }

    /** {@link #text(String, int)} with {@link #MAX_TEXT_CHARS}. */
    public static String text(String raw) {
        return text(raw, MAX_TEXT_CHARS);
    }

    /**
     * Makes text safe inside single quotes: {@code '} → {@code ’}, backslash → {@code /}, control
     * characters → space, at most {@code maxChars} code points; null gives the empty string.
     */
    public static String text(String raw, int maxChars) {
        if (raw == null) {
            return "";
        }
        if (raw.length() <= maxChars && isPlainText(raw)) {
            return raw; // nothing to replace or cut (a chart is declared again whenever its scale moves)
        }
        StringBuilder sb = new StringBuilder(Math.min(raw.length(), maxChars));
        int[] count = {0};
        raw.codePoints().takeWhile(c -> count[0]++ < maxChars).forEach(c -> {
            if (c == '\'') {
                sb.append('\u2019');
            } else if (c == '\\') {
                sb.append('/');
            } else if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == 0x2028 || c == 0x2029) {
                sb.append(' ');
            } else {
                sb.appendCodePoint(c);
            }
        });
        return sb.toString();
    }

    /** Whether {@code s} is printable ASCII without quote or backslash: {@link #text} would keep it as it is. */
    private static boolean isPlainText(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c >= 0x7f || c == '\'' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    /** {@code 'text'} with {@link #text(String)} applied. */
    public static String quoted(String raw) {
        return "'" + text(raw) + "'";
    }

    /** The UTF-8 length of a line (without its newline). */
    public static int utf8Length(CharSequence line) {
        return utf8Length(line, 0, line.length());
    }

    /** The UTF-8 length of {@code text[from, to)}, as {@link String#getBytes} encodes it, without encoding it. */
    public static int utf8Length(CharSequence text, int from, int to) {
        return Utf8.encodedLength(text, from, to);
    }
}
