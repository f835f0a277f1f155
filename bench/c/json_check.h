/* json_check.h - a scalar C validator with the rules of labbridge's JsonValidator (what a Python peer's
 * json.loads(data.decode('utf8')) accepts): strict UTF-8 (no overlong forms, no surrogates, <= U+10FFFF),
 * CPython's JSON grammar (whitespace " \t\n\r", NaN/Infinity/-Infinity, duplicate keys), nesting <= 62.
 * It is the baseline for "ingest with validation": the same work in plain C, one pass, no SIMD.
 * Returns 1 when b[0, n) is exactly one JSON document, else 0. */
#ifndef JSON_CHECK_H
#define JSON_CHECK_H
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define JC_MAX_DEPTH 62 /* nesting levels: one bit each in a 64-bit word, below the marker bit */

#define JC_FAIL SIZE_MAX /* "not here": beyond any end, so the next i >= n test catches it */

static inline size_t jc_ws(const unsigned char *b, size_t i, size_t n) {
    while (i < n && (b[i] == ' ' || b[i] == '\n' || b[i] == '\r' || b[i] == '\t')) i++;
    return i;
}

/* one UTF-8 sequence at i (lead byte >= 0x80); returns the index after it, or JC_FAIL */
static inline size_t jc_utf8(const unsigned char *b, size_t i, size_t n) {
    unsigned lead = b[i], lo = 0x80, hi = 0xBF;
    size_t len;
    if (lead >= 0xC2 && lead <= 0xDF) return i + 1 < n && (b[i + 1] & 0xC0) == 0x80 ? i + 2 : JC_FAIL;
    if (lead >= 0xE0 && lead <= 0xEF) { len = 3; if (lead == 0xE0) lo = 0xA0; else if (lead == 0xED) hi = 0x9F; }
    else if (lead >= 0xF0 && lead <= 0xF4) { len = 4; if (lead == 0xF0) lo = 0x90; else if (lead == 0xF4) hi = 0x8F; }
    else return JC_FAIL;
    if (n - i < len || b[i + 1] < lo || b[i + 1] > hi) return JC_FAIL;
    for (size_t k = 2; k < len; k++) if ((b[i + k] & 0xC0) != 0x80) return JC_FAIL;
    return i + len;
}

/* 1 for a byte that stands for itself in a string: printable ASCII but '"' and '\\' */
static const unsigned char JC_PLAIN[256] = {
    [0x20 ... 0x21] = 1, [0x23 ... 0x5B] = 1, [0x5D ... 0x7F] = 1, /* not '"' (0x22) nor '\\' (0x5C) */
};
static const unsigned char JC_HEX[256] = {['0' ... '9'] = 1, ['a' ... 'f'] = 1, ['A' ... 'F'] = 1};

/* the rest of a string after its opening quote: the index after the closing quote, or JC_FAIL */
static inline size_t jc_string(const unsigned char *b, size_t i, size_t n) {
    for (;;) {
        while (i < n && JC_PLAIN[b[i]]) i++;
        if (i >= n) return JC_FAIL;
        unsigned char c = b[i];
        if (c == '"') return i + 1;
        if (c == '\\') {
            if (++i >= n) return JC_FAIL;
            switch (b[i]) {
            case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't': i++; continue;
            case 'u':
                if (n - i < 5 || !JC_HEX[b[i + 1]] || !JC_HEX[b[i + 2]] || !JC_HEX[b[i + 3]] || !JC_HEX[b[i + 4]])
                    return JC_FAIL;
                i += 5; continue;
            default: return JC_FAIL;
            }
        }
        if (c >= 0x80) { i = jc_utf8(b, i, n); continue; }
        return JC_FAIL; /* a raw control character */
    }
}

static inline size_t jc_digits(const unsigned char *b, size_t i, size_t n) {
    while (i < n && (unsigned char)(b[i] - '0') < 10) i++;
    return i;
}

/* -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)? at i: the index after it, or JC_FAIL */
static inline size_t jc_number(const unsigned char *b, size_t i, size_t n) {
    if (b[i] == '-' && ++i >= n) return JC_FAIL;
    if (b[i] == '0') i++;
    else if (b[i] >= '1' && b[i] <= '9') i = jc_digits(b, i + 1, n);
    else return JC_FAIL;
    if (i < n && b[i] == '.') {
        size_t first = i + 1;
        if ((i = jc_digits(b, first, n)) == first) return JC_FAIL;
    }
    if (i < n && (b[i] | 0x20) == 'e') {
        if (++i < n && (b[i] == '+' || b[i] == '-')) i++;
        size_t first = i;
        if ((i = jc_digits(b, first, n)) == first) return JC_FAIL;
    }
    return i;
}

/* the literal w (whose first byte was what chose it) at i: the index after it, or JC_FAIL */
static inline size_t jc_word(const unsigned char *b, size_t i, size_t n, const char *w, size_t len) {
    return n - i >= len && memcmp(b + i + 1, w + 1, len - 1) == 0 ? i + len : JC_FAIL;
}

/* a property name (its quote at i, or after whitespace) and its colon: where the value starts, or JC_FAIL */
static inline size_t jc_key(const unsigned char *b, size_t i, size_t n) {
    if (i < n && b[i] != '"') i = jc_ws(b, i, n);
    if (i >= n || b[i] != '"') return JC_FAIL;
    i = jc_string(b, i + 1, n);
    if (i < n && b[i] != ':') i = jc_ws(b, i, n);
    if (i >= n || b[i] != ':') return JC_FAIL;
    return i + 1 < n && b[i + 1] == ' ' ? i + 2 : i + 1; /* the space of Python's ": " */
}

/* The design of labbridge's JsonScan, in C: the open containers as bits of one word above a marker bit
 * (kinds and depth in one variable), a failure is an index past any end that the next i >= n test catches,
 * whitespace skipped where it is met, the one space of Python's ", " and ": " taken with the separator. */
static int json_check(const unsigned char *b, size_t n) {
    uint64_t open = 1; /* innermost container in the lowest bit (1: object), above a 1 marking the bottom */
    const uint64_t too_deep = (uint64_t)1 << JC_MAX_DEPTH;
    size_t i = 0;
    for (;;) {
        /* a value */
        if (i >= n) return 0;
        unsigned char c = b[i];
        if (c == '"') {
            i = jc_string(b, i + 1, n);
        } else if (c == '-' || (unsigned char)(c - '0') < 10) {
            i = c == '-' && i + 1 < n && b[i + 1] == 'I' ? jc_word(b, i + 1, n, "Infinity", 8) : jc_number(b, i, n);
        } else if (c == '{' || c == '[') {
            if (open >= too_deep) return 0;
            i = jc_ws(b, i + 1, n);
            if (i >= n) return 0;
            if (b[i] == c + 2) { /* '}' and ']' are two after '{' and '[' */
                i++;
            } else if (c == '{') {
                open = open << 1 | 1;
                i = jc_key(b, i, n);
                continue;
            } else {
                open <<= 1;
                continue;
            }
        } else {
            switch (c) {
            case 't': i = jc_word(b, i, n, "true", 4); break;
            case 'f': i = jc_word(b, i, n, "false", 5); break;
            case 'n': i = jc_word(b, i, n, "null", 4); break;
            case 'N': i = jc_word(b, i, n, "NaN", 3); break;
            case 'I': i = jc_word(b, i, n, "Infinity", 8); break;
            case ' ': case '\t': case '\n': case '\r': i = jc_ws(b, i + 1, n); continue;
            default: return 0;
            }
        }
        /* after a value: close containers until the next value of one, or the end */
        for (;;) {
            if (i >= n) return open == 1 && i == n;
            c = b[i];
            if (c == ',' && open != 1) {
                i = i + 1 < n && b[i + 1] == ' ' ? i + 2 : i + 1;
                if (open & 1) i = jc_key(b, i, n);
                break;
            }
            if (c == ']' + ((open & 1) << 5) && open != 1) { /* '}' in an object, ']' in an array */
                open >>= 1;
                i++;
            } else if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
                i = jc_ws(b, i + 1, n);
            } else {
                return 0;
            }
        }
    }
}
#endif
