package org.labbridge.codec.plugind;

import java.util.ArrayList;
import java.util.List;

/**
 * Netdata's word splitter for plugins.d lines ({@code quoted_strings_splitter} with
 * {@code pluginsd_space}), used to read what the agent writes to our stdin and, in tests, to read our own
 * output exactly as the agent does.
 *
 * <p>Separators are space, tab, CR, LF and (for plugins.d) {@code =}. A word that starts with {@code '} or
 * {@code "} runs to the next quote of the same kind (the quotes are not part of the word, and the closing
 * quote also ends the word); quotes in the middle of a word are ordinary characters. A backslash stays in
 * the word but makes the splitter skip the character after it (so {@code \'} does not close a quote).
 */
public final class PluginsdWords {
    private PluginsdWords() {
    }

    /** Splits a plugins.d line ({@code =} is a separator), without a word limit. */
    public static List<String> split(String line) {
        return split(line, true);
    }

    /** Splits {@code line}; {@code equalsSeparates} makes {@code =} a separator as in plugins.d. */
    public static List<String> split(String line, boolean equalsSeparates) {
        List<String> words = new ArrayList<>();
        int n = line.length();
        int s = skipSpaces(line, 0, equalsSeparates);
        char quote = 0;
        if (s < n && isQuote(line.charAt(s))) {
            quote = line.charAt(s++);
        }
        if (s >= n) {
            // Netdata stores an (empty) first word even for a blank line; callers treat it as nothing.
            return words;
        }
        int start = s;
        while (s < n) {
            char c = line.charAt(s);
            if (c == '\\' && s + 1 < n) {
                s += 2;
            } else if (quote != 0 && c == quote) {
                // the closing quote ends the word (Netdata overwrites it with a space)
                words.add(line.substring(start, s));
                quote = 0;
                s++;
                int next = afterSeparator(line, s, equalsSeparates);
                if (next < 0) {
                    return words;
                }
                quote = next < n && isQuote(line.charAt(next)) ? line.charAt(next) : 0;
                s = quote != 0 ? next + 1 : next;
                if (s >= n) {
                    // an opening quote at the very end starts an empty word in Netdata only if something follows
                    return words;
                }
                start = s;
            } else if (quote == 0 && isSpace(c, equalsSeparates)) {
                words.add(line.substring(start, s));
                int next = skipSpaces(line, s, equalsSeparates);
                if (next >= n) {
                    return words;
                }
                if (isQuote(line.charAt(next))) {
                    quote = line.charAt(next);
                    next++;
                    if (next >= n) {
                        return words;
                    }
                }
                s = next;
                start = s;
            } else {
                s++;
            }
        }
        words.add(line.substring(start, Math.min(s, n)));
        return words;
    }

    /** After a closing quote: the index where the next word starts, or -1 at the end of the line. */
    private static int afterSeparator(String line, int s, boolean eq) {
        int next = skipSpaces(line, s, eq);
        return next >= line.length() ? -1 : next;
    }

    private static int skipSpaces(String line, int s, boolean eq) {
        while (s < line.length() && isSpace(line.charAt(s), eq)) {
            s++;
        }
        return s;
    }

    /** Whether {@code c} separates words ({@code =} only when {@code equalsSeparates}). */
    public static boolean isSpace(char c, boolean equalsSeparates) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == 0x0b || (equalsSeparates && c == '=');
    }

    private static boolean isQuote(char c) {
        return c == '\'' || c == '"';
    }
}
