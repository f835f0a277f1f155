package org.labbridge.codec.python;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One String per distinct short ASCII object key. A lab's messages repeat the same few codenames
 * ({@code {"temperature": 21.5}} every second, from every sender), so {@link FlatJsonReader} looks a key's
 * bytes up here instead of making a new String and its array per message; every map the key then goes
 * into (the message, a push socket's {@code updated}, a pull socket's points) finds its hash already
 * computed and an equal key by identity. Jackson canonicalizes field names for the same reason
 * ({@code ByteQuadsCanonicalizer}).
 *
 * <p>Bounded whatever the input: {@link #SLOTS} direct-mapped slots of keys of at most {@link #MAX_KEY_BYTES}
 * bytes (longer keys are made afresh every time, as before), at most ~100 KiB in all. A key whose slot is
 * taken replaces what is there, so a sender of ever-new keys only turns this into the allocation it
 * saves. Shared by every thread without a lock: a slot holds an immutable entry (final fields), so a reader
 * sees a whole entry or an older one, and a lost race costs one String, never a wrong one.
 */
final class AsciiKeys {

    /** Slots of the table (a power of two). */
    static final int SLOTS = 512;
    /** Keys longer than this many bytes are not kept. */
    static final int MAX_KEY_BYTES = 64;

    private static final Entry[] slots = new Entry[SLOTS];

    private record Entry(byte[] bytes, String key) {
    }

    private AsciiKeys() {
    }

    /**
     * The String of {@code b[from, to)}, which the caller has checked to be printable ASCII: the kept
     * instance when these bytes were seen before and are still kept, else a new one (then kept).
     */
    static String key(byte[] b, int from, int to) {
        int length = to - from;
        if (length > MAX_KEY_BYTES) {
            return new String(b, from, length, StandardCharsets.ISO_8859_1);
        }
        int h = 0;
        for (int j = from; j < to; j++) {
            h = 31 * h + b[j]; // String.hashCode of these chars (ASCII: a byte is its char)
        }
        int slot = (h ^ (h >>> 16)) & (SLOTS - 1);
        Entry e = slots[slot];
        if (e != null && Arrays.equals(e.bytes, 0, e.bytes.length, b, from, to)) {
            return e.key;
        }
        String key = new String(b, from, length, StandardCharsets.ISO_8859_1);
        slots[slot] = new Entry(Arrays.copyOfRange(b, from, to), key);
        return key;
    }

    /** How many keys are kept now (at most {@link #SLOTS}): for tests. */
    static int kept() {
        int n = 0;
        for (Entry e : slots) {
            if (e != null) {
                n++;
            }
        }
        return n;
    }
}
