package org.labbridge.codec.python;

import java.util.Arrays;
import java.util.Objects;

/**
 * Checks that bytes are exactly one JSON document in strict UTF-8, as a Python peer's
 * {@code json.loads(data.decode('utf8'))} reads it, in one pass; a {@link Checker} does it without
 * allocating (below 64 levels of nesting).
 *
 * <p>Why not Jackson: a relay validates every message it forwards, and a streaming Jackson parser per
 * message (construction, name canonicalization, number parsing) was a third of the bridge's CPU time.
 * Validating needs no values, only the grammar; Jackson still builds the values when someone asks for
 * them. Being written for the job, this is also exact where Jackson's lenient mode is not: Python accepts
 * {@code NaN}, {@code Infinity} and {@code -Infinity} and nothing else non-numeric (Jackson also takes
 * {@code INF}, {@code +Infinity}, ...), and only ASCII hex digits in <code>&#92;u</code> escapes (Jackson reads
 * some other characters as digits). One known case goes the other way: a property <em>name</em> with an
 * unpaired surrogate escape (<code>{"&#92;ud800": 1}</code>) is valid for Python and here, but Jackson refuses to
 * read it; whoever turns such a message into values must expect that failure (the daemon counts it).
 * Both directions are checked against Python itself ({@code JsonValidatorPythonIT}) and Jackson.
 *
 * <p>The grammar, as CPython's {@code json} module has it: whitespace is space, tab, LF, CR; numbers are
 * {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?}; strings have no raw control characters
 * (U+0000-U+001F) and only the escapes {@code \" \\ \/ \b \f \n \r \t \}{@code uXXXX}; duplicate keys
 * are allowed. UTF-8 is checked as Java's and Python's strict decoders do (no overlong forms, no
 * surrogates, nothing above U+10FFFF), so a byte order mark is valid UTF-8 but not JSON, as in Python.
 * When bytes are both badly encoded and not JSON, the encoding is what is reported.
 *
 * <p>{@link JsonLimits}: nesting deeper than {@code maxNesting} is refused, and so are integers of more
 * than {@code maxNumberChars} digits (Python's own limit for {@code int}) and other number literals longer
 * than {@code maxNumberChars} (Python has no such limit; a bound keeps number conversion cheap).
 * Document length is the caller's to bound (the frame decoder's {@code buffer_size}).
 *
 * <p>How: a fast path ({@link JsonScan}) that only accepts, and on anything it does not accept the exact
 * check ({@link ExactJsonCheck}) from the start, which gives the verdict and the precise error. Valid
 * messages, what a relay sees almost always, take the fast path alone.
 *
 * <p>Immutable and thread-safe.
 */
public final class JsonValidator {

    private final int maxNesting;
    private final int maxNumberChars;
    /** The fast path's nesting bound: the limit, or less where it tracks no deeper. */
    private final int fastNesting;

    public JsonValidator(JsonLimits limits) {
        this.maxNesting = limits.maxNesting();
        this.maxNumberChars = limits.maxNumberChars();
        this.fastNesting = Math.min(maxNesting, JsonScan.MAX_DEPTH);
    }

    /** As {@link #validate(byte[], int, int)} on the whole array. */
    public boolean validate(byte[] b) throws InvalidJsonException {
        return validate(b, 0, b.length);
    }

    /**
     * Checks {@code b[off, off + len)}.
     *
     * @return whether the document contains {@code NaN}, {@code Infinity} or {@code -Infinity} (valid for
     *         Python, not strict JSON)
     * @throws InvalidJsonException when it is not exactly one JSON document in UTF-8 within the limits
     */
    public boolean validate(byte[] b, int off, int len) throws InvalidJsonException {
        int fast = fast(b, off, len);
        return fast != JsonScan.UNSURE ? fast == JsonScan.VALID_NON_FINITE
                : new ExactJsonCheck(maxNesting, maxNumberChars).check(b, off, off + len);
    }

    /** A checker for one thread at a time that re-uses its state (see {@link Checker}). */
    public Checker checker() {
        return new Checker();
    }

    /** The fast path on a whole array: a range (which no caller in labbridge passes) is copied first. */
    private int fast(byte[] b, int off, int len) {
        Objects.checkFromIndexSize(off, len, b.length);
        return JsonScan.scan(off == 0 && len == b.length ? b : Arrays.copyOfRange(b, off, off + len), fastNesting,
                maxNumberChars);
    }

    /**
     * {@link #validate(byte[], int, int)} for one thread at a time (a connection's decoder), without an
     * allocation per document, also when the exact check runs (at a million messages/s, a state object per
     * message was a fifth of a relay's garbage).
     */
    public final class Checker {
        private final ExactJsonCheck exact = new ExactJsonCheck(maxNesting, maxNumberChars);
        private boolean nonFinite;

        private Checker() {
        }

        /** As {@link JsonValidator#validate(byte[], int, int)}. */
        public boolean validate(byte[] b, int off, int len) throws InvalidJsonException {
            int fast = fast(b, off, len);
            return fast != JsonScan.UNSURE ? fast == JsonScan.VALID_NON_FINITE : exact.check(b, off, off + len);
        }

        /**
         * The fast path alone on the document that starts at {@code from} and ends where its bytes (and the
         * whitespace after them) do: for a frame decoder that looks for its delimiter there, so that a valid
         * frame is split and validated in one pass over its bytes. A frame {@code b[from, end)} accepted here
         * is exactly what {@link #validate} accepts, and it holds no control character but whitespace: a
         * scan stops at any other byte below 0x20 (a delimiter such as 0x17, or a sentinel after the data).
         *
         * @return where the accepted document and its trailing whitespace end, or -1 when this path does not
         *         accept what starts at {@code from} (invalid, unfinished within {@code b}, or beyond its
         *         bounds: {@link #validate} on the frame then decides); {@link #lastNonFinite} tells whether
         *         an accepted document holds {@code NaN} or an infinity
         */
        public int acceptFrom(byte[] b, int from) {
            int r = JsonScan.scanFrom(b, from, fastNesting, maxNumberChars);
            if (r == JsonScan.UNSURE) {
                return -1;
            }
            nonFinite = JsonScan.nonFinite(r);
            return JsonScan.end(r);
        }

        /** Whether the document last accepted by {@link #acceptFrom} holds {@code NaN} or an infinity. */
        public boolean lastNonFinite() {
            return nonFinite;
        }
    }
}
