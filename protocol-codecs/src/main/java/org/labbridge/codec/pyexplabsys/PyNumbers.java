package org.labbridge.codec.pyexplabsys;

import org.labbridge.codec.python.PyFormat;

import java.math.BigInteger;

/**
 * Python 3.11's {@code int(str)} and {@code float(str)} with their exact error messages.
 *
 * <p>Both first map Unicode whitespace to a space and Unicode decimal digits to ASCII digits (CPython's
 * {@code _PyUnicode_TransformDecimalAndSpaceToASCII}), strip surrounding whitespace and allow single
 * underscores between digits.
 */
public final class PyNumbers {
    private PyNumbers() {
    }

    /** CPython 3.11's default {@code sys.get_int_max_str_digits()}. */
    static final int INT_MAX_STR_DIGITS = 4300;

    /**
     * {@code int(text)}: a {@link Long} when it fits, else a {@link BigInteger}.
     *
     * @throws PyValueError {@code invalid literal for int() with base 10: '<repr, at most 200 chars>'}
     */
    public static Number parseInt(String text) throws PyValueError {
        String ascii = toAscii(text);
        int start = 0;
        int end = ascii.length();
        while (start < end && ascii.charAt(start) == ' ') {
            start++;
        }
        while (end > start && ascii.charAt(end - 1) == ' ') {
            end--;
        }
        StringBuilder digits = new StringBuilder(end - start);
        int i = start;
        if (i < end && (ascii.charAt(i) == '+' || ascii.charAt(i) == '-')) {
            digits.append(ascii.charAt(i));
            i++;
        }
        int count = 0;
        boolean prevDigit = false;
        for (; i < end; i++) {
            char c = ascii.charAt(i);
            if (c >= '0' && c <= '9') {
                digits.append(c);
                count++;
                prevDigit = true;
            } else if (c == '_' && prevDigit && i + 1 < end && isDigit(ascii.charAt(i + 1))) {
                prevDigit = false;
            } else {
                throw invalidInt(text);
            }
        }
        if (count == 0) {
            throw invalidInt(text);
        }
        if (count > INT_MAX_STR_DIGITS) {
            throw new PyValueError("Exceeds the limit (" + INT_MAX_STR_DIGITS
                    + " digits) for integer string conversion: value has " + count
                    + " digits; use sys.set_int_max_str_digits() to increase the limit");
        }
        if (count <= 18) {
            return Long.parseLong(digits.toString());
        }
        BigInteger big = new BigInteger(digits.toString());
        return big.bitLength() < 64 ? (Number) big.longValue() : big;
    }

    /**
     * {@code float(text)}: decimal notation with optional exponent, {@code .5}, {@code 5.}, and
     * {@code nan}/{@code inf}/{@code infinity} in any case, each with an optional sign; overflow gives
     * infinity as in Python.
     *
     * @throws PyValueError {@code could not convert string to float: '<repr>'}
     */
    public static double parseFloat(String text) throws PyValueError {
        String ascii = toAscii(text);
        int start = 0;
        int end = ascii.length();
        while (start < end && ascii.charAt(start) == ' ') {
            start++;
        }
        while (end > start && ascii.charAt(end - 1) == ' ') {
            end--;
        }
        String s = ascii.substring(start, end);
        if (s.indexOf('_') >= 0) {
            s = removeUnderscores(s, text);
        }
        int i = 0;
        boolean negative = false;
        if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            negative = s.charAt(i) == '-';
            i++;
        }
        String rest = s.substring(i);
        if (rest.equalsIgnoreCase("nan")) {
            return Double.NaN;
        }
        if (rest.equalsIgnoreCase("inf") || rest.equalsIgnoreCase("infinity")) {
            return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        int mantissaDigits = 0;
        while (i < s.length() && isDigit(s.charAt(i))) {
            i++;
            mantissaDigits++;
        }
        if (i < s.length() && s.charAt(i) == '.') {
            i++;
            while (i < s.length() && isDigit(s.charAt(i))) {
                i++;
                mantissaDigits++;
            }
        }
        if (mantissaDigits == 0) {
            throw invalidFloat(text);
        }
        if (i < s.length() && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            int expDigits = 0;
            while (i < s.length() && isDigit(s.charAt(i))) {
                i++;
                expDigits++;
            }
            if (expDigits == 0) {
                throw invalidFloat(text);
            }
        }
        if (i != s.length()) {
            throw invalidFloat(text);
        }
        return Double.parseDouble(s); // the grammar above is a subset of Java's
    }

    /** Python's rule: an underscore only between two digits. */
    private static String removeUnderscores(String s, String original) throws PyValueError {
        StringBuilder out = new StringBuilder(s.length());
        char prev = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '_') {
                if (!isDigit(prev)) {
                    throw invalidFloat(original);
                }
            } else {
                if (prev == '_' && !isDigit(c)) {
                    throw invalidFloat(original);
                }
                out.append(c);
            }
            prev = c;
        }
        if (prev == '_') {
            throw invalidFloat(original);
        }
        return out.toString();
    }

    private static PyValueError invalidInt(String text) {
        String repr = PyFormat.repr(text);
        // CPython formats with %.200R: the repr is cut after 200 characters.
        if (repr.length() > 200) {
            repr = repr.substring(0, 200);
        }
        return new PyValueError("invalid literal for int() with base 10: " + repr);
    }

    private static PyValueError invalidFloat(String text) {
        return new PyValueError("could not convert string to float: " + PyFormat.repr(text));
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /**
     * CPython's {@code _PyUnicode_TransformDecimalAndSpaceToASCII}: whitespace becomes ' ', decimal digits
     * of any script become ASCII, other non-ASCII becomes '?' (which then fails to parse).
     */
    static String toAscii(String text) {
        boolean plain = true;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x7f || c < 0x21) {
                plain = false;
                break;
            }
        }
        if (plain) {
            return text;
        }
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (isPySpace(cp)) {
                sb.append(' ');
            } else if (cp < 0x80) {
                sb.append((char) cp);
            } else if (Character.getType(cp) == Character.DECIMAL_DIGIT_NUMBER) {
                sb.append((char) ('0' + Character.digit(cp, 10)));
            } else {
                sb.append('?');
            }
        }
        return sb.toString();
    }

    /** Python's {@code str.isspace()} for one code point. */
    static boolean isPySpace(int cp) {
        return switch (cp) {
            case ' ', '\t', '\n', 0x0b, 0x0c, '\r', 0x1c, 0x1d, 0x1e, 0x1f, 0x85, 0xa0, 0x1680, 0x2028, 0x2029,
                    0x202f, 0x205f, 0x3000 -> true;
            default -> cp >= 0x2000 && cp <= 0x200a;
        };
    }
}
