/* json_check_test.c - json_check.h on documents a Python peer's json.loads accepts and refuses (the cases of
 * labbridge's JsonValidatorTest that matter for a yes/no answer). Exit status 1 on the first wrong answer. */
#include <stdio.h>
#include "json_check.h"

static const char *const VALID[] = {
    "{}", "[]", "0", "-0", "-1.0E+5", "1e-3", "\"\"", "true", "false", "null", "NaN", "Infinity", "-Infinity",
    " \t\r\n{\"a\": [1, 2.5e-3, -0, true, false, null, NaN, -Infinity, Infinity]} \n",
    "\"\\u00e9\\n\\\"\\\\\\/\\b\\f\\r\\t\"", "{\"\xc3\xa9\": {\"b\": [[], {}]}}", "{\"a\":1,\"a\":2}",
    "\"\xf0\x9f\x98\x80 \xe2\x82\xac \x7f\"", "\"\\ud800\"",
    "{\"type\": \"sample\", \"source\": \"a_power\", \"t\": 1414150015.697648, \"value\": 47.0, \"seq\": 1234567890123}",
    NULL};
static const char *const INVALID[] = {
    "", " ", "{", "}", "{\"a\"}", "{\"a\":}", "{\"a\" 1}", "{a: 1}", "{'a': 1}", "[1,]", "[1 2]", "[1]]", "{\"a\":1,}",
    "01", "1.", "1e", "1e+", "-", "+1", ".5", "tru", "nul", "nan", "inf", "-Inf", "-NaN", "\"\\x\"", "\"\\u12g4\"",
    "\"\x01\"", "\"\x1f\"", "\"abc", "{} x", "1 2", "\xef\xbb\xbf{}", "\"\xc0\xaf\"", "\"\xc1\xbf\"", "\"\xed\xa0\x80\"",
    "\"\xf4\x90\x80\x80\"", "\"\xf5\x80\x80\x80\"", "\"\x80\"", "\"\xe2\x82\"", "\"\xc3\"",
    NULL};

int main(void) {
    for (int i = 0; VALID[i]; i++) {
        if (!json_check((const unsigned char *)VALID[i], strlen(VALID[i]))) {
            fprintf(stderr, "json_check refused a valid document: %s\n", VALID[i]);
            return 1;
        }
    }
    for (int i = 0; INVALID[i]; i++) {
        if (json_check((const unsigned char *)INVALID[i], strlen(INVALID[i]))) {
            fprintf(stderr, "json_check accepted an invalid document: %s\n", INVALID[i]);
            return 1;
        }
    }
    char deep[2 * JC_MAX_DEPTH + 3];
    memset(deep, '[', JC_MAX_DEPTH + 1);
    memset(deep + JC_MAX_DEPTH + 1, ']', JC_MAX_DEPTH + 1);
    deep[2 * JC_MAX_DEPTH + 2] = 0;
    if (json_check((const unsigned char *)deep, strlen(deep))) {
        fprintf(stderr, "json_check accepted nesting deeper than %d\n", JC_MAX_DEPTH);
        return 1;
    }
    if (!json_check((const unsigned char *)deep + 1, strlen(deep) - 2)) {
        fprintf(stderr, "json_check refused nesting of %d\n", JC_MAX_DEPTH);
        return 1;
    }
    return 0;
}
