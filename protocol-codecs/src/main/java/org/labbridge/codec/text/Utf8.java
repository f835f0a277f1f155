package org.labbridge.codec.text;

/**
 * UTF-8 without a decoder: byte counts without encoding (the size checks of pull replies and plugins.d lines
 * run per value, and encoding only to measure would allocate the bytes twice), and whether bytes are
 * well-formed UTF-8, checked in an array (a UDP request is checked in the copy it is answered from: checking
 * it in its buffer cost a virtual call per byte).
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

    /**
     * Whether {@code b[from, to)} is well-formed UTF-8 (Unicode's table of well-formed byte sequences: no
     * overlong form, no surrogate, nothing above U+10FFFF), exactly as Netty decides for the same bytes in a
     * buffer ({@code ByteBufUtil.isText(buf, UTF_8)}).
     */
    public static boolean isWellFormed(byte[] b, int from, int to) {
        int i = from;
        while (i < to) {
            if (b[i] >= 0) {
                i++;
            } else {
                i = sequenceEnd(b, i, to);
                if (i < 0) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * The end of the well-formed UTF-8 sequence that starts with the non-ASCII byte at {@code i} and lies
     * before {@code end}: the index after it; or, when there is none (a stray continuation byte, a lead byte
     * of no sequence, a truncated one, an overlong form, a surrogate, a code point above U+10FFFF), a negative
     * number: {@code -1 - j}, where {@code j} is the first byte that cannot be part of it ({@code i} itself
     * when the lead byte starts no sequence or {@code end} cuts the sequence short).
     */
    public static int sequenceEnd(byte[] b, int i, int end) {
        int lead = b[i] & 0xFF;
        if (lead >= 0xC2 && lead <= 0xDF) {
            if (i + 1 >= end) {
                return -1 - i;
            }
            return (b[i + 1] & 0xC0) == 0x80 ? i + 2 : -1 - (i + 1);
        }
        int length;
        int min = 0x80;
        int max = 0xBF;
        if (lead >= 0xE0 && lead <= 0xEF) {
            length = 3;
            if (lead == 0xE0) {
                min = 0xA0; // below: an overlong form
            } else if (lead == 0xED) {
                max = 0x9F; // above: a surrogate
            }
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            length = 4;
            if (lead == 0xF0) {
                min = 0x90; // below: an overlong form
            } else if (lead == 0xF4) {
                max = 0x8F; // above: beyond U+10FFFF
            }
        } else {
            return -1 - i;
        }
        if (end - i < length) {
            return -1 - i;
        }
        int second = b[i + 1] & 0xFF;
        if (second < min || second > max) {
            return -1 - (i + 1);
        }
        for (int k = 2; k < length; k++) {
            if ((b[i + k] & 0xC0) != 0x80) {
                return -1 - (i + k);
            }
        }
        return i + length;
    }
}
