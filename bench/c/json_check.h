/* json_check.h - a scalar C validator with the rules of labbridge's JsonValidator (what a Python peer's
 * json.loads(data.decode('utf8')) accepts): strict UTF-8 (no overlong forms, no surrogates, <= U+10FFFF),
 * CPython's JSON grammar (whitespace " \t\n\r", NaN/Infinity/-Infinity, duplicate keys), nesting <= 64.
 * It is the baseline for "ingest with validation": the same work in plain C, one pass, no SIMD.
 * Returns 1 when b[0, n) is exactly one JSON document, else 0. */
#ifndef JSON_CHECK_H
#define JSON_CHECK_H
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define JC_MAX_DEPTH 64

static inline size_t jc_ws(const unsigned char *b, size_t i, size_t n) {
    while (i < n && (b[i] == ' ' || b[i] == '\n' || b[i] == '\r' || b[i] == '\t')) i++;
    return i;
}

/* one UTF-8 sequence at i (lead byte >= 0x80); returns the index after it, or 0 on error */
static inline size_t jc_utf8(const unsigned char *b, size_t i, size_t n) {
    unsigned lead = b[i], lo = 0x80, hi = 0xBF;
    size_t len;
    if (lead >= 0xC2 && lead <= 0xDF) len = 2;
    else if (lead >= 0xE0 && lead <= 0xEF) { len = 3; if (lead == 0xE0) lo = 0xA0; else if (lead == 0xED) hi = 0x9F; }
    else if (lead >= 0xF0 && lead <= 0xF4) { len = 4; if (lead == 0xF0) lo = 0x90; else if (lead == 0xF4) hi = 0x8F; }
    else return 0;
    if (n - i < len || b[i + 1] < lo || b[i + 1] > hi) return 0;
    for (size_t k = 2; k < len; k++) if (b[i + k] < 0x80 || b[i + k] > 0xBF) return 0;
    return i + len;
}

static inline int jc_hex(unsigned char c) {
    return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f');
}

/* 1 for a byte that stands for itself in a string: printable ASCII but '"' and '\\' */
static const unsigned char JC_PLAIN[256] = {
    [0x20 ... 0x21] = 1, [0x23 ... 0x5B] = 1, [0x5D ... 0x7F] = 1, /* not '"' (0x22) nor '\\' (0x5C) */
};

/* the rest of a string after its opening quote; returns the index after the closing quote, or 0 */
static inline size_t jc_string(const unsigned char *b, size_t i, size_t n) {
    while (i < n) {
        unsigned char c = b[i];
        if (JC_PLAIN[c]) { i++; continue; }
        if (c == '"') return i + 1;
        if (c == '\\') {
            if (++i >= n) return 0;
            switch (b[i]) {
            case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't': i++; continue;
            case 'u':
                if (n - i < 5 || !jc_hex(b[i + 1]) || !jc_hex(b[i + 2]) || !jc_hex(b[i + 3]) || !jc_hex(b[i + 4])) return 0;
                i += 5; continue;
            default: return 0;
            }
        }
        if (c >= 0x80) { if (!(i = jc_utf8(b, i, n))) return 0; continue; }
        return 0; /* a raw control character */
    }
    return 0;
}

static inline size_t jc_digits(const unsigned char *b, size_t i, size_t n) {
    while (i < n && b[i] >= '0' && b[i] <= '9') i++;
    return i;
}

/* -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)? ; returns the index after it, or 0 */
static inline size_t jc_number(const unsigned char *b, size_t i, size_t n) {
    if (b[i] == '-') i++;
    if (i < n && b[i] == '0') i++;
    else if (i < n && b[i] >= '1' && b[i] <= '9') i = jc_digits(b, i + 1, n);
    else return 0;
    if (i < n && b[i] == '.') {
        if (++i >= n || b[i] < '0' || b[i] > '9') return 0;
        i = jc_digits(b, i + 1, n);
    }
    if (i < n && (b[i] == 'e' || b[i] == 'E')) {
        if (++i < n && (b[i] == '+' || b[i] == '-')) i++;
        if (i >= n || b[i] < '0' || b[i] > '9') return 0;
        i = jc_digits(b, i + 1, n);
    }
    return i;
}

static inline size_t jc_word(const unsigned char *b, size_t i, size_t n, const char *w, size_t len) {
    return n - i >= len && memcmp(b + i, w, len) == 0 ? i + len : 0;
}

static int json_check(const unsigned char *b, size_t n) {
    char object[JC_MAX_DEPTH]; /* container kind per depth */
    int depth = 0;
    size_t i = jc_ws(b, 0, n);
    for (;;) {
        /* a value */
        if (i >= n) return 0;
        switch (b[i]) {
        case '{': case '[': {
            int obj = b[i] == '{';
            if (depth >= JC_MAX_DEPTH) return 0;
            object[depth++] = (char)obj;
            i = jc_ws(b, i + 1, n);
            if (i < n && b[i] == (obj ? '}' : ']')) { depth--; i++; break; }
            if (obj) {
                if (i >= n || b[i] != '"' || !(i = jc_string(b, i + 1, n))) return 0;
                i = jc_ws(b, i, n);
                if (i >= n || b[i] != ':') return 0;
                i = jc_ws(b, i + 1, n);
            }
            continue;
        }
        case '"': if (!(i = jc_string(b, i + 1, n))) return 0; break;
        case 't': if (!(i = jc_word(b, i, n, "true", 4))) return 0; break;
        case 'f': if (!(i = jc_word(b, i, n, "false", 5))) return 0; break;
        case 'n': if (!(i = jc_word(b, i, n, "null", 4))) return 0; break;
        case 'N': if (!(i = jc_word(b, i, n, "NaN", 3))) return 0; break;
        case 'I': if (!(i = jc_word(b, i, n, "Infinity", 8))) return 0; break;
        case '-':
            if (i + 1 < n && b[i + 1] == 'I') { if (!(i = jc_word(b, i + 1, n, "Infinity", 8))) return 0; break; }
            /* fall through */
        case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7': case '8': case '9':
            if (!(i = jc_number(b, i, n))) return 0;
            break;
        default: return 0;
        }
        /* after a value: close containers until the next value of one, or the end */
        for (;;) {
            i = jc_ws(b, i, n);
            if (depth == 0) return i == n;
            if (i >= n) return 0;
            int obj = object[depth - 1];
            if (b[i] == ',') {
                i = jc_ws(b, i + 1, n);
                if (obj) {
                    if (i >= n || b[i] != '"' || !(i = jc_string(b, i + 1, n))) return 0;
                    i = jc_ws(b, i, n);
                    if (i >= n || b[i] != ':') return 0;
                    i = jc_ws(b, i + 1, n);
                }
                break;
            }
            if (b[i] != (obj ? '}' : ']')) return 0;
            depth--;
            i++;
        }
    }
}
#endif
