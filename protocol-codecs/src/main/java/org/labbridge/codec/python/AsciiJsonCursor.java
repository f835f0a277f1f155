package org.labbridge.codec.python;

/**
 * A position in JSON bytes, with the two steps both flat readers ({@link FlatJsonReader} for pushes,
 * {@link JsonWnReader} for the plugin's replies) take between values: a given ASCII char, and whitespace. The
 * methods are final, so a call is bound statically (no virtual call per char, even under the C1-only JIT).
 */
abstract class AsciiJsonCursor {
    /** The bytes being read. */
    byte[] b;
    /** The end of the bytes being read (exclusive). */
    int n;
    /** The position. */
    int i;

    /** Takes {@code c} if it is next. */
    final boolean take(char c) {
        if (i < n && b[i] == c) {
            i++;
            return true;
        }
        return false;
    }

    /** Skips JSON's whitespace (space, tab, LF, CR). */
    final void skipSpace() {
        while (i < n) {
            byte c = b[i];
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            i++;
        }
    }
}
