/* Unit tests of the text rules of http/input (input_text_problem): the nine bidirectional embedding,
 * override and isolate controls are refused anywhere in any text; a text that must not be empty is refused
 * when it shows nothing (Unicode spaces, U+3000, controls, zero-width and filler characters), and passes as
 * soon as one visible character is in it. */
#include <stdio.h>
#include <string.h>

#include "unit.h"
#include "http/input.h"

/* UTF-8 of code point c into out (NUL-terminated). */
static const char *utf8(unsigned long c, char out[5])
{
    if (c < 0x80) {
        out[0] = (char)c;
        out[1] = 0;
    } else if (c < 0x800) {
        out[0] = (char)(0xC0 | c >> 6);
        out[1] = (char)(0x80 | (c & 0x3F));
        out[2] = 0;
    } else if (c < 0x10000) {
        out[0] = (char)(0xE0 | c >> 12);
        out[1] = (char)(0x80 | (c >> 6 & 0x3F));
        out[2] = (char)(0x80 | (c & 0x3F));
        out[3] = 0;
    } else {
        out[0] = (char)(0xF0 | c >> 18);
        out[1] = (char)(0x80 | (c >> 12 & 0x3F));
        out[2] = (char)(0x80 | (c >> 6 & 0x3F));
        out[3] = (char)(0x80 | (c & 0x3F));
        out[4] = 0;
    }
    return out;
}

START_TEST(bidi_controls_are_refused_everywhere)
{
    static const unsigned long bidi[] = {0x202A, 0x202B, 0x202C, 0x202D, 0x202E,
                                         0x2066, 0x2067, 0x2068, 0x2069};
    char cp[5], text[64];
    for (size_t i = 0; i < sizeof bidi / sizeof bidi[0]; i++) {
        utf8(bidi[i], cp);
        snprintf(text, sizeof text, "日结%s250元", cp);
        ck_assert_ptr_nonnull(input_text_problem(text, 1));
        ck_assert_ptr_nonnull(input_text_problem(text, 0)); /* optional fields too */
        ck_assert_ptr_nonnull(strstr(input_text_problem(cp, 0), "方向"));
    }
    /* their neighbours U+202F (a narrow space), U+2065 (unassigned) and U+206A are not bidi controls */
    static const unsigned long near[] = {0x202F, 0x2065, 0x206A};
    for (size_t i = 0; i < sizeof near / sizeof near[0]; i++) {
        snprintf(text, sizeof text, "水电工%s", utf8(near[i], cp));
        ck_assert_ptr_null(input_text_problem(text, 1));
    }
}
END_TEST

START_TEST(blank_text_is_refused_when_it_must_not_be_empty)
{
    static const unsigned long blanks[] = {0x09,   0x0A,   0x0D,   0x20,   0x85,   0xA0,   0xAD,   0x1680,
                                           0x2000, 0x2003, 0x200A, 0x200B, 0x200D, 0x200E, 0x2028, 0x202F,
                                           0x205F, 0x2060, 0x3000, 0x3164, 0xFE0F, 0xFEFF, 0xFFA0, 0x2800};
    char cp[5], text[64];
    for (size_t i = 0; i < sizeof blanks / sizeof blanks[0]; i++) {
        utf8(blanks[i], cp);
        snprintf(text, sizeof text, "%s%s%s", cp, cp, cp);
        ck_assert_msg(input_text_problem(text, 1) != NULL, "U+%04lX ×3 passed as a visible text", blanks[i]);
        ck_assert_ptr_nonnull(strstr(input_text_problem(text, 1), "空格"));
        ck_assert_ptr_null(input_text_problem(text, 0)); /* a field that may be empty may be blank */
        /* with one visible character it is text */
        snprintf(text, sizeof text, "%s张%s", cp, cp);
        ck_assert_msg(input_text_problem(text, 1) == NULL, "U+%04lX around a character refused", blanks[i]);
    }
    ck_assert_ptr_nonnull(input_text_problem("", 1));
    ck_assert_ptr_null(input_text_problem("", 0));
    /* visible: CJK, Latin, digits, punctuation, full-width forms, emoji */
    static const char *const texts[] = {"张三", "Li Ming", "0", "。", "（", "Ａ", "\xF0\x9F\x91\xB7", "-"};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
        ck_assert_msg(input_text_problem(texts[i], 1) == NULL, "%s refused", texts[i]);
}
END_TEST

Suite *unit_suite(void)
{
    Suite *s = suite_create("input");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, bidi_controls_are_refused_everywhere);
    tcase_add_test(tc, blank_text_is_refused_when_it_must_not_be_empty);
    suite_add_tcase(s, tc);
    return s;
}
