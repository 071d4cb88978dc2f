#!/usr/bin/env python3
"""Generate server/src/domain/wordnorm_table.c: the code-point normalisation table of the word filter.

Owns the derivation of every fold the filter applies; nothing in it is typed by hand except the list of
Chinese numerals the contact detector reads as digits (they are not a mapping, they are a digit value).

Sources (both Debian-packaged, nothing downloaded):
  * OpenCC's dictionaries (package libopencc1.1, dumped with opencc_dict from package opencc):
    TSCharacters (traditional -> simplified, first candidate) and TWVariantsRev / HKVariantsRev /
    JPVariantsRev (regional variant -> OpenCC traditional, applied only to characters that are neither
    simplified characters nor already traditional keys, then folded through TSCharacters).
  * Python's unicodedata (the interpreter's Unicode version is recorded in the output): NFKC singletons
    (full width, compatibility ideographs, Kangxi radicals, mathematical alphanumerics, circled letters),
    lower case, general categories (noise / ignorable classes) and digit values.

Usage: tools/gen_wordnorm.py [--opencc-dir /usr/share/opencc] [-o server/src/domain/wordnorm_table.c]
       tools/gen_wordnorm.py --check   (exit 1 if the committed table differs from a fresh generation)
"""
import argparse
import os
import subprocess
import sys
import tempfile
import unicodedata

MAXCP = 0x110000
CLASS_LETTER, CLASS_NOISE, CLASS_IGNORABLE = 0, 1, 2
IDCH = 0x40       # letter that can be part of a WeChat/QQ id: ASCII letter or digit after folding, or a digit
DISGUISED = 0x80  # digit written other than 0-9 or full-width 0-9

# Chinese numerals read digit by digit (phone numbers dictated as 幺三八…). A digit value, not a fold:
# these characters stay letters of their own for lexicon words such as 一夜情.
CJK_DIGITS = {
    "零": 0, "〇": 0,
    "一": 1, "壹": 1, "幺": 1, "弌": 1,
    "二": 2, "贰": 2, "貳": 2, "弍": 2,
    "三": 3, "叁": 3, "叄": 3, "弎": 3,
    "四": 4, "肆": 4,
    "五": 5, "伍": 5,
    "六": 6, "陆": 6, "陸": 6,
    "七": 7, "柒": 7,
    "八": 8, "捌": 8,
    "九": 9, "玖": 9,
}

IGNORABLE_EXTRA = set(range(0x1F3FB, 0x1F400))  # emoji skin-tone modifiers (category Sk)


def opencc_dump(opencc_dir, name):
    """Return {cp: [cp, ...]} for the single-code-point keys of one OpenCC dictionary."""
    src = os.path.join(opencc_dir, name + ".ocd2")
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, name + ".txt")
        subprocess.run(["opencc_dict", "-i", src, "-o", out, "-f", "ocd2", "-t", "text"], check=True)
        table = {}
        with open(out, encoding="utf-8") as f:
            for line in f:
                key, _, vals = line.rstrip("\n").partition("\t")
                cands = [v for v in vals.split(" ") if len(v) == 1]
                if len(key) == 1 and cands:
                    table[ord(key)] = [ord(v) for v in cands]
        return table


def opencc_version():
    try:
        out = subprocess.run(["dpkg-query", "-W", "-f=${Version}", "libopencc1.1"], capture_output=True,
                             text=True, check=True).stdout
        return "Debian libopencc1.1 " + out
    except (OSError, subprocess.CalledProcessError):
        return "unknown OpenCC version"


def build(opencc_dir):
    ts = opencc_dump(opencc_dir, "TSCharacters")
    simplified = {v for cands in ts.values() for v in cands}
    variants = {}
    for name in ("TWVariantsRev", "HKVariantsRev", "JPVariantsRev"):
        for k, v in opencc_dump(opencc_dir, name).items():
            variants.setdefault(k, v[0])

    def t2s(cp):
        if cp in ts:
            return ts[cp][0]
        if cp in variants and cp not in simplified:
            v = variants[cp]
            return ts[v][0] if v in ts else v
        return cp

    def fold1(cp):
        ch = chr(cp)
        n = unicodedata.normalize("NFKC", ch)
        if len(n) == 1:
            cp = ord(n)
        low = chr(cp).lower()
        if len(low) == 1:
            cp = ord(low)
        d = unicodedata.digit(chr(cp), None)
        if d is not None:
            return ord("0") + d
        return t2s(cp)

    entries = [0] * MAXCP
    for cp in range(MAXCP):
        if 0xD800 <= cp <= 0xDFFF:
            entries[cp] = CLASS_NOISE  # never produced by the strict decoder
            continue
        f = cp
        for _ in range(4):
            g = fold1(f)
            if g == f:
                break
            f = g
        cat = unicodedata.category(chr(f))
        orig_cat = unicodedata.category(chr(cp))
        if cp in IGNORABLE_EXTRA or orig_cat in ("Cf", "Mn", "Me"):
            cls = CLASS_IGNORABLE
        elif cat[0] in "LN" or cat == "Mc":
            cls = CLASS_LETTER
        else:
            cls = CLASS_NOISE
        e = cls
        if cls == CLASS_LETTER:
            d = unicodedata.digit(chr(cp), None)
            if d is None:
                d = CJK_DIGITS.get(chr(f), CJK_DIGITS.get(chr(cp)))
            if d is not None:
                e |= (d + 1) << 2
                if not (0x30 <= cp <= 0x39 or 0xFF10 <= cp <= 0xFF19):
                    e |= DISGUISED
            if d is not None or 0x30 <= f <= 0x39 or 0x61 <= f <= 0x7A:
                e |= IDCH
            e |= ((f - cp) & 0xFFFFFF) << 8
        entries[cp] = e
    return entries


def sources(entries):
    """(target, source) for every letter that folds to another code point, sorted."""
    pairs = []
    for cp, e in enumerate(entries):
        if e & 3 == CLASS_LETTER and e >> 8:
            delta = e >> 8
            if delta & 0x800000:
                delta -= 0x1000000
            pairs.append((cp + delta, cp))
    pairs.sort()
    return pairs


def emit(entries, out, opencc_dir):
    blocks = []
    index = {}
    top = []
    for b in range(MAXCP // 256):
        blk = tuple(entries[b * 256:(b + 1) * 256])
        if blk not in index:
            index[blk] = len(blocks)
            blocks.append(blk)
        top.append(index[blk])
    lines = []
    lines.append("/* GENERATED by tools/gen_wordnorm.py: do not edit, regenerate.")
    lines.append(" * Owns the per-code-point normalisation data of the word filter (fold target, noise class,")
    lines.append(" * digit value); no code. Sources: OpenCC dictionaries TSCharacters, TWVariantsRev,")
    lines.append(" * HKVariantsRev, JPVariantsRev from %s (%s)," % (opencc_version(), opencc_dir))
    lines.append(" * and Unicode %s (NFKC singletons, lower case, categories, digit values). */"
                 % unicodedata.unidata_version)
    lines.append('#include "domain/wordnorm.h"')
    lines.append("")
    lines.append("/* clang-format off */")
    lines.append("const char wordnorm_source[] = \"OpenCC %s; Unicode %s\";" %
                 (opencc_version(), unicodedata.unidata_version))
    lines.append("")
    lines.append("const uint16_t wordnorm_top[WORDNORM_NTOP] = {")
    for i in range(0, len(top), 16):
        lines.append("    " + ", ".join(str(x) for x in top[i:i + 16]) + ",")
    lines.append("};")
    lines.append("")
    lines.append("const uint32_t wordnorm_blocks[%d][256] = {" % len(blocks))
    for blk in blocks:
        lines.append("    {")
        for i in range(0, 256, 16):
            lines.append("        " + ", ".join(str(x) for x in blk[i:i + 16]) + ",")
        lines.append("    },")
    lines.append("};")
    lines.append("")
    lines.append("const unsigned wordnorm_nblocks = %d;" % len(blocks))
    lines.append("")
    pairs = sources(entries)
    lines.append("const uint32_t wordnorm_sources[][2] = {")
    for i in range(0, len(pairs), 6):
        lines.append("    " + " ".join("{%d, %d}," % p for p in pairs[i:i + 6]))
    lines.append("};")
    lines.append("")
    lines.append("const size_t wordnorm_nsources = %d;" % len(pairs))
    lines.append("/* clang-format on */")
    text = "\n".join(lines) + "\n"
    return text


def main():
    ap = argparse.ArgumentParser()
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--opencc-dir", default="/usr/share/opencc")
    ap.add_argument("-o", "--output", default=os.path.join(here, "..", "server", "src", "domain",
                                                          "wordnorm_table.c"))
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args()
    text = emit(build(args.opencc_dir), args.output, args.opencc_dir)
    if args.check:
        with open(args.output, encoding="utf-8") as f:
            same = f.read() == text
        print("wordnorm_table.c is %s" % ("up to date" if same else "STALE: run tools/gen_wordnorm.py"))
        return 0 if same else 1
    with open(args.output, "w", encoding="utf-8") as f:
        f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
