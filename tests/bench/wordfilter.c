/* Benchmark of domain/wordfilter (issue 5): generates a 20,000-word lexicon with realistic Chinese word
 * lengths and a few MB of posting-like text, then prints plain (raw) and fully normalised scan
 * throughput in millions of code points per second, the build time and memory of a 100,000-word
 * automaton. Standalone: no database, no files; deterministic (fixed seed). Build it optimised. */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "domain/wordfilter.h"

/* Posting-like sentences: the text generator strings these together with random substitutions, so the
 * character distribution is that of real recruitment text. */
static const char *const sentences[] = {
    "招聘餐厅服务员若干名，要求身体健康，吃苦耐劳，有相关经验者优先。",
    "工作时间早上九点到下午六点，中午休息一小时，月休四天。",
    "日结工资，每天一百五十元到两百元，多劳多得，当天结算。",
    "包吃包住，宿舍有空调热水器，离工作地点步行十分钟。",
    "招聘建筑工地小工，搬运材料，清理现场，男女不限，年龄十八到五十五岁。",
    "县城东街农贸市场摊位需要临时帮工，负责称重收银和整理货架。",
    "果园采摘季招工，按斤计件，熟练工一天可以挣三百元以上。",
    "物流仓库分拣员，夜班补贴每晚三十元，提供工作餐。",
    "家政保洁阿姨，负责小区住户日常清洁，自带工具另加补贴。",
    "酒店宴会厅传菜员，周末两天，时薪二十五元，穿黑色裤子和黑色鞋子。",
    "工厂流水线普工，长白班，五险一金，试用期一个月，转正后工资上调。",
    "外卖骑手兼职，时间自由，自备电动车，按单结算，多跑多得。",
    "超市促销员，节假日上岗，负责产品推荐和试吃活动，有销售提成。",
    "搬家公司招聘装卸工，能吃苦，服从安排，工资面议。",
    "小区门卫保安，退伍军人优先，做二休一，包住不包吃。",
    "幼儿园厨房帮厨，持健康证上岗，工作稳定，环境干净。",
    "驾校招聘教练员，持相应驾驶证三年以上，有教学经验优先。",
    "养殖场饲养员，负责喂料清扫和记录，夫妻工优先安排住宿。",
    "电子厂招聘质检员，视力良好，能适应倒班，月薪四千到六千。",
    "社区活动临时志愿者，提供午餐和交通补贴，欢迎大学生报名。",
    "装修公司招油漆工木工水电工，技术好的待遇从优，长期合作。",
    "奶茶店店员，会做饮品优先，不会的可以培训，提供住宿。",
    "快递驿站理货员，上午八点到十二点，适合宝妈兼职。",
    "景区讲解员，普通话标准，形象气质佳，节假日工资三倍。",
    "工地夜间看护，每晚十小时，按月结算，需本人到现场面试。",
};

static uint64_t rng = 0x9E3779B97F4A7C15ull;

static uint32_t rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)(rng >> 16);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static size_t put_cp(char *out, uint32_t cp)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

static size_t get_cp(const char *s, uint32_t *cp)
{
    const unsigned char *p = (const unsigned char *)s;
    if (p[0] < 0x80) {
        *cp = p[0];
        return 1;
    }
    if (p[0] < 0xE0) {
        *cp = ((p[0] & 0x1Fu) << 6) | (p[1] & 0x3Fu);
        return 2;
    }
    if (p[0] < 0xF0) {
        *cp = ((p[0] & 0x0Fu) << 12) | ((p[1] & 0x3Fu) << 6) | (p[2] & 0x3Fu);
        return 3;
    }
    *cp = ((p[0] & 0x07u) << 18) | ((p[1] & 0x3Fu) << 12) | ((p[2] & 0x3Fu) << 6) | (p[3] & 0x3Fu);
    return 4;
}

/* Han characters of the sample sentences, with repetition (so drawing from it follows their frequency). */
static uint32_t *common;
static size_t ncommon;

static void collect_common(void)
{
    size_t cap = 4096;
    common = malloc(cap * sizeof *common);
    for (size_t i = 0; i < sizeof sentences / sizeof sentences[0]; i++) {
        for (const char *s = sentences[i]; *s;) {
            uint32_t cp;
            s += get_cp(s, &cp);
            if (cp >= 0x4E00 && cp <= 0x9FA5) {
                if (ncommon == cap)
                    common = realloc(common, (cap *= 2) * sizeof *common);
                common[ncommon++] = cp;
            }
        }
    }
}

/* Lexicon characters: a fifth from the frequency-weighted posting characters, the rest from the first
 * 7,000 code points of the CJK block (where the frequent characters are denser than further up). A
 * sensitive-word lexicon is mostly made of words that ordinary postings do not contain: with these
 * proportions a posting of ~1 KB has a few hits, as real ones flagged by a real lexicon do. */
static uint32_t han(void)
{
    if (rnd() % 5 == 0)
        return common[rnd() % ncommon];
    return 0x4E00 + rnd() % 7000;
}

/* Word lengths of Chinese lexicons: mostly 2-4 characters, a tail up to 10. */
static int word_len(void)
{
    uint32_t r = rnd() % 100;
    if (r < 42)
        return 2;
    if (r < 70)
        return 3;
    if (r < 88)
        return 4;
    if (r < 95)
        return 5 + (int)(rnd() % 2);
    return 7 + (int)(rnd() % 4);
}

static struct wordfilter_entry *make_lexicon(size_t n, char **poolout)
{
    struct wordfilter_entry *e = malloc(n * sizeof *e);
    char *pool = malloc(n * 41);
    size_t off = 0;
    for (size_t i = 0; i < n; i++) {
        int l = word_len();
        e[i].word = pool + off;
        for (int j = 0; j < l; j++)
            off += put_cp(pool + off, han());
        pool[off++] = '\0';
        e[i].category = (enum wordfilter_category)(rnd() % WORDFILTER_CAT_COUNT);
        e[i].action = (enum wordfilter_action)(1 + rnd() % 3);
        e[i].allow = rnd() % 50 == 0;
    }
    *poolout = pool;
    return e;
}

/* Text of about `bytes` bytes made of postings: sentences, numbers, the odd ASCII word, lexicon words.
 * With `evasive`, a tenth of the characters become full-width / noise-separated / emoji-laden. Records
 * posting boundaries in *cuts. */
static char *make_text(size_t bytes, const struct wordfilter_entry *lex, size_t nlex, int evasive,
                       size_t *len, size_t **cuts, size_t *ncuts, size_t *ncp)
{
    char *t = malloc(bytes + 4096);
    size_t o = 0, nc = 0, cp_count = 0, cutcap = bytes / 256 + 16;
    size_t *cut = malloc(cutcap * sizeof *cut);
    while (o < bytes) {
        size_t posting_end = o + 300 + rnd() % 1200;
        while (o < posting_end && o < bytes) {
            uint32_t r = rnd() % 100;
            const char *piece;
            char num[32];
            if (r < 80) {
                piece = sentences[rnd() % (sizeof sentences / sizeof sentences[0])];
            } else if (r < 90) {
                snprintf(num, sizeof num, "%u元", rnd() % 10000);
                piece = num;
            } else if (r < 93) {
                piece = lex[rnd() % nlex].word;
            } else {
                piece = rnd() % 2 ? "WiFi" : "App";
            }
            for (const char *s = piece; *s;) {
                uint32_t cp;
                s += get_cp(s, &cp);
                if (evasive && rnd() % 10 == 0) {
                    switch (rnd() % 4) {
                    case 0: /* noise between letters */
                        o += put_cp(t + o, rnd() % 2 ? ' ' : '*');
                        cp_count++;
                        break;
                    case 1: /* emoji + skin tone */
                        o += put_cp(t + o, 0x1F44D);
                        o += put_cp(t + o, 0x1F3FB);
                        cp_count += 2;
                        break;
                    case 2: /* zero width */
                        o += put_cp(t + o, 0x200B);
                        cp_count++;
                        break;
                    default: /* full width when ASCII */
                        if (cp > 0x20 && cp < 0x7F)
                            cp += 0xFEE0;
                        break;
                    }
                }
                o += put_cp(t + o, cp);
                cp_count++;
            }
        }
        if (nc == cutcap)
            cut = realloc(cut, (cutcap *= 2) * sizeof *cut);
        cut[nc++] = o;
    }
    *len = o;
    *cuts = cut;
    *ncuts = nc;
    *ncp = cp_count;
    return t;
}

/* Scans every posting; returns the best of `reps` runs in seconds and the hit count of the last run. */
static double time_scan(const struct wordfilter *wf, const char *t, const size_t *cut, size_t ncut,
                        unsigned flags, int reps, size_t *hits_out)
{
    static struct wordfilter_hit hits[1024];
    double best = 1e9;
    for (int r = 0; r < reps; r++) {
        size_t total = 0, start = 0;
        double t0 = now();
        for (size_t i = 0; i < ncut; i++) {
            size_t nh;
            int rc = wordfilter_scan_ex(wf, t + start, cut[i] - start, flags, hits, 1024, &nh);
            if (rc < 0) {
                fprintf(stderr, "scan failed: %d\n", rc);
                exit(1);
            }
            total += nh;
            start = cut[i];
        }
        double dt = now() - t0;
        if (dt < best)
            best = dt;
        *hits_out = total;
    }
    return best;
}

int main(int argc, char **argv)
{
    size_t text_mb = argc > 1 ? (size_t)atoi(argv[1]) : 4;
    char err[256];
    int ok = 1;
    collect_common();

    char *pool20;
    struct wordfilter_entry *lex20 = make_lexicon(20000, &pool20);
    double t0 = now();
    struct wordfilter *wf = wordfilter_build(lex20, 20000, NULL, err, sizeof err);
    double build20 = now() - t0;
    if (!wf) {
        fprintf(stderr, "build: %s\n", err);
        return 1;
    }
    struct wordfilter_stats st;
    wordfilter_get_stats(wf, &st);
    printf("lexicon: 20000 words, %zu states, %zu cells, alphabet %zu, %.2f MB, built in %.3f s\n", st.states,
           st.slots, st.alphabet, (double)st.memory / 1e6, build20);

    size_t len, ncut, ncp, nhits;
    size_t *cut;
    char *text = make_text(text_mb << 20, lex20, 20000, 0, &len, &cut, &ncut, &ncp);
    printf("text: %.2f MB, %zu code points, %zu postings\n", (double)len / 1e6, ncp, ncut);
    double tr = time_scan(wf, text, cut, ncut, WORDFILTER_SCAN_RAW, 15, &nhits);
    double mr = (double)ncp / tr / 1e6;
    printf("plain scan (no normalisation):      %7.1f M chars/s  %6.1f MB/s  (%zu hits)  target >= 100\n", mr,
           (double)len / tr / 1e6, nhits);
    double tn = time_scan(wf, text, cut, ncut, 0, 15, &nhits);
    double mn = (double)ncp / tn / 1e6;
    printf("normalised scan (all folds, noise, contact): %7.1f M chars/s  %6.1f MB/s  (%zu hits)  target >= "
           "40\n",
           mn, (double)len / tn / 1e6, nhits);
    size_t elen, encut, encp;
    size_t *ecut;
    char *etext = make_text(text_mb << 20, lex20, 20000, 1, &elen, &ecut, &encut, &encp);
    double te = time_scan(wf, etext, ecut, encut, 0, 5, &nhits);
    double me = (double)encp / te / 1e6;
    printf("normalised scan, evasive text (noise/emoji/full width in 10%% of chars): %7.1f M chars/s  (%zu "
           "hits)\n",
           me, nhits);
    ok &= mr >= 100 && mn >= 40;
    wordfilter_unref(wf);

    char *pool100;
    struct wordfilter_entry *lex100 = make_lexicon(100000, &pool100);
    double best = 1e9;
    for (int r = 0; r < 3; r++) {
        t0 = now();
        wf = wordfilter_build(lex100, 100000, NULL, err, sizeof err);
        double dt = now() - t0;
        if (!wf) {
            fprintf(stderr, "build: %s\n", err);
            return 1;
        }
        if (dt < best)
            best = dt;
        wordfilter_get_stats(wf, &st);
        if (r < 2)
            wordfilter_unref(wf);
    }
    printf("build 100000 words: %.3f s  target <= 0.5\n", best);
    printf("automaton 100000 words: %.2f MB (%zu states, %zu cells, alphabet %zu)  target <= 30\n",
           (double)st.memory / 1e6, st.states, st.slots, st.alphabet);
    ok &= best <= 0.5 && st.memory <= 30u * 1000 * 1000;
    wordfilter_unref(wf);
    printf("%s\n", ok ? "all targets met" : "TARGETS MISSED");
    free(text);
    free(etext);
    free(cut);
    free(ecut);
    free(lex20);
    free(pool20);
    free(lex100);
    free(pool100);
    free(common);
    return ok ? 0 : 1;
}
