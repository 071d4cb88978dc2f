/* Unified social credit codes (GB 32100-2015): 1 registration department, 1 organisation type, 6 region
 * digits, 9-character organisation code (GB 11714, own check character), 1 MOD 31 check character.
 * Pure logic: it says whether a code is well formed, never whether it was issued to anyone. */
#include <string.h>
#include "domain/creditcode.h"

#define CODE_LEN 18

/* The 31 code characters in value order; I, O, Z, S and V are never used. */
static const char charset[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
static const int weights[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
static const int org_weights[8] = {3, 7, 9, 10, 5, 8, 4, 2};

/* Registration department (first character) and the organisation types (second) it may issue. */
static const struct {
    char dept;
    const char *types;
} depts[] = {
    {'1', "1239"}, /* 机构编制: 机关, 事业单位, 中央编办直管群众团体, 其他 */
    {'2', "19"},   /* 外交: 外国常驻新闻机构, 其他 */
    {'3', "123459"}, /* 司法行政: 律所, 公证处, 基层法律服务所, 司法鉴定机构, 仲裁委员会, 其他 */
    {'4', "19"},   /* 文化: 外国在华文化中心, 其他 */
    {'5', "1239"}, /* 民政: 社会团体, 民办非企业单位, 基金会, 其他 */
    {'6', "129"}, /* 旅游: 外国旅游部门常驻代表机构, 港澳台旅游部门常驻代表机构, 其他 */
    {'7', "129"},  /* 宗教: 宗教活动场所, 宗教院校, 其他 */
    {'8', "19"},   /* 工会: 基层工会, 其他 */
    {'9', "123"},  /* 工商 (市场监管): 企业, 个体工商户, 农民专业合作社 */
    {'A', "19"},   /* 中央军委改革和编制办公室: 军队事业单位, 其他 */
    {'N', "1239"}, /* 农业: 组级, 村级, 乡镇级集体经济组织, 其他 */
    {'Y', "1"},    /* 其他 */
};

/* Province-level prefixes of GB/T 2260 plus 10, which national-level registrations use. */
static const char *const provinces[] = {"10", "11", "12", "13", "14", "15", "21", "22", "23",
                                        "31", "32", "33", "34", "35", "36", "37", "41", "42",
                                        "43", "44", "45", "46", "50", "51", "52", "53", "54",
                                        "61", "62", "63", "64", "65", "71", "81", "82"};

static int value_of(char c)
{
    const char *p = c != '\0' ? strchr(charset, c) : NULL;
    return p != NULL ? (int)(p - charset) : -1;
}

static char upper(char c)
{
    return c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c;
}

static int dept_ok(char dept, char type)
{
    for (size_t i = 0; i < sizeof depts / sizeof depts[0]; i++)
        if (depts[i].dept == dept)
            return strchr(depts[i].types, type) != NULL && type != '\0';
    return 0;
}

static int region_ok(const char *r)
{
    for (int i = 0; i < 6; i++)
        if (r[i] < '0' || r[i] > '9')
            return 0;
    for (size_t i = 0; i < sizeof provinces / sizeof provinces[0]; i++)
        if (r[0] == provinces[i][0] && r[1] == provinces[i][1])
            return 1;
    return 0;
}

char creditcode_orgcode_check_char(const char *s)
{
    int sum = 0;
    for (int i = 0; i < 8; i++) {
        int v;
        if (s[i] >= '0' && s[i] <= '9')
            v = s[i] - '0';
        else if (s[i] >= 'A' && s[i] <= 'Z')
            v = s[i] - 'A' + 10;
        else
            return '\0';
        sum += v * org_weights[i];
    }
    int c = 11 - sum % 11;
    return c == 10 ? 'X' : c == 11 ? '0' : (char)('0' + c);
}

char creditcode_check_char(const char *s)
{
    int sum = 0;
    for (int i = 0; i < 17; i++) {
        int v = value_of(s[i]);
        if (v < 0)
            return '\0';
        sum += v * weights[i];
    }
    return charset[(31 - sum % 31) % 31];
}

enum creditcode_reason creditcode_validate(const char *s, char out_normalised[19])
{
    char code[CODE_LEN + 1];
    if (s == NULL || strnlen(s, CODE_LEN + 1) != CODE_LEN)
        return CREDITCODE_LENGTH;
    for (int i = 0; i < CODE_LEN; i++) {
        code[i] = upper(s[i]);
        if (value_of(code[i]) < 0)
            return CREDITCODE_CHARSET;
    }
    code[CODE_LEN] = '\0';

    if (!dept_ok(code[0], code[1]))
        return CREDITCODE_DEPT;
    if (!region_ok(code + 2))
        return CREDITCODE_REGION;
    if (creditcode_orgcode_check_char(code + 8) != code[16])
        return CREDITCODE_ORGCODE;
    if (creditcode_check_char(code) != code[17])
        return CREDITCODE_CHECKSUM;

    if (out_normalised != NULL)
        memcpy(out_normalised, code, sizeof code);
    return CREDITCODE_OK;
}

const char *creditcode_reason_name(enum creditcode_reason r)
{
    switch (r) {
    case CREDITCODE_OK:
        return "ok";
    case CREDITCODE_LENGTH:
        return "length";
    case CREDITCODE_CHARSET:
        return "charset";
    case CREDITCODE_DEPT:
        return "dept";
    case CREDITCODE_REGION:
        return "region";
    case CREDITCODE_ORGCODE:
        return "orgcode";
    case CREDITCODE_CHECKSUM:
        return "checksum";
    }
    return "unknown";
}
