/* Small A4 PDF documents rendered in memory with Pango + Cairo (Chinese text shaped by HarfBuzz, lines
 * wrapped, pages broken, the CJK font subset by cairo so an agreement stays a few tens of KB) and QR codes
 * drawn as vector squares from libqrencode. Owns nothing but the shared font map; never reads or writes files
 * and never interprets text as markup (every string is shown literally). Used for signed agreements
 * (api/agreement.c) and workers' income statements.
 *
 * A document is a title plus a list of blocks, laid out top to bottom:
 *
 *     const char *kv[] = {"甲方", "某某公司", "乙方", "张三"};
 *     const char *tab[] = {"日期", "工时", "金额", "2026-11-21", "8", "200.00 元"};
 *     struct pdf_block b[] = {
 *         {.kind = PDF_HEADING, .text = "一、双方"},
 *         {.kind = PDF_KV, .cells = kv, .nrows = 2},
 *         {.kind = PDF_PARAGRAPH, .text = "第一条 ……\n第二条 ……"},
 *         {.kind = PDF_TABLE, .cells = tab, .ncols = 3, .nrows = 2},   // row 0 is the header
 *         {.kind = PDF_MONO, .text = "SHA-256 9f86d081…"},
 *         {.kind = PDF_QR, .qr = "https://example.org/verify/1", .text = "扫码核验"},
 *     };
 *     struct pdf_doc d = {.title = "零工劳务协议", .footer = "协议编号 12", .blocks = b, .nblocks = 6};
 *     unsigned char *pdf; size_t len;
 *     if (pdf_render(&d, &pdf, &len) > 0) { ...send...; free(pdf); }
 *
 * Thread safety: any thread may call pdf_render; renders run one at a time on a helper thread with an
 * 8 MB stack (civetweb workers have 100 KB stacks, too small for font subsetting). */
#ifndef LG_EXT_PDF_H
#define LG_EXT_PDF_H

#include <stddef.h>

enum pdf_kind {
    PDF_HEADING,   /* text: a bold section heading */
    PDF_PARAGRAPH, /* text: body text, wrapped; '\n' starts a new line; breaks across pages line by line */
    PDF_NOTE,      /* text: small grey text (notes, legal hints), wrapped like a paragraph */
    PDF_KV,        /* cells: nrows pairs {key, value, key, value, ...}; keys in a narrow left column */
    PDF_TABLE,     /* cells: ncols * nrows strings, row-major; row 0 is the header (bold, shaded); ruled */
    PDF_MONO,      /* text: small monospace text that may break anywhere (hashes, signatures, keys) */
    PDF_QR,        /* qr: the payload encoded (UTF-8, <= 1000 bytes); text: an optional caption beside it */
};

struct pdf_block {
    enum pdf_kind kind;
    const char *text;
    const char *const *cells; /* PDF_KV, PDF_TABLE; NULL cells print as empty */
    int ncols, nrows;         /* PDF_TABLE: ncols 1-8; PDF_KV: nrows pairs (ncols ignored) */
    const double *widths;     /* PDF_TABLE: optional ncols relative column widths (NULL: equal) */
    const char *qr;           /* PDF_QR */
};

struct pdf_doc {
    const char *title;   /* large heading on page 1 and the PDF's Title metadata */
    const char *subject; /* optional: the PDF's Subject metadata */
    const char *footer;  /* optional: small text at the foot of every page, before "第 n 页" */
    const struct pdf_block *blocks;
    size_t nblocks;
};

/* Renders doc as an A4 PDF into a malloc'd buffer. Returns the number of pages (>= 1) with *out (the caller
 * frees it) and *len set; -1 with *out NULL on invalid input (bad UTF-8, a table of 0 or more than 8
 * columns, a QR payload that does not encode) or when memory, the font or cairo fail (logged). All strings
 * are borrowed for the duration of the call. */
int pdf_render(const struct pdf_doc *doc, unsigned char **out, size_t *len);

/* Releases the font map and the caches of cairo and fontconfig. Call once at process end, after the last
 * render (leak checkers then see a clean exit); a later pdf_render starts over. */
void pdf_end(void);

#endif
