package org.labbridge.codec.text;

/**
 * UTF-8 byte counts without encoding: the size checks of pull replies and plugins.d lines run per value, and
 * encoding only to measure would allocate the bytes twice.
 */
public final class Utf8 {

    private Utf8() {
    }

    /** The length of {@code text} encoded as UTF-8 by {@link String#getBytes}, without encoding it. */
    public static int encodedLength(CharSequence text) {
        return encodedLength(text, 0, text.length());
    }

    /**
     * The UTF-8 length of {@code text[from, to)}, counted as {@link String#getBytes} with UTF-8 encodes it (a
     * surrogate pair 4 bytes, a lone surrogate 1 for its {@code ?}).
     */
    public static int encodedLength(CharSequence text, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < to && Character.isLowSurrogate(text.charAt(i + 1))) {
                n += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                n++; // an unpaired surrogate is encoded as '?'
            } else {
                n += 3;
            }
        }
        return n;
    }
}
