/* PDF rendering with Pango + Cairo: lays blocks out top to bottom on A4 pages, flowing wrapped text line
 * by line across page breaks, and writes the PDF into a growing memory buffer. One Pango font map serves
 * the process; Pango objects are not thread-safe, so renders take a lock, and they run on a helper thread
 * with a large stack because civetweb's 100 KB worker stacks are too small for shaping and subsetting. */
#include "ext/pdf.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>
#include <pthread.h>
#include <qrencode.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"

#define PAGE_W   595.276 /* A4 in points */
#define PAGE_H   841.890
#define MARGIN_X 56.0
#define TOP      56.0
#define BOTTOM   (PAGE_H - 64.0)
#define CONTENT  (PAGE_W - 2 * MARGIN_X)
#define PAD      4.0 /* cell padding */
#define QR_MAX   1000
#define STACK    (8u << 20)

#define SANS "WenQuanYi Micro Hei,Noto Sans CJK SC,Noto Sans SC,sans-serif"
#define MONO "WenQuanYi Micro Hei Mono,Noto Sans Mono CJK SC,monospace"

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static PangoFontMap *fontmap; /* created on first use, under lock; lives as long as the process */

struct buf {
    unsigned char *p;
    size_t n, cap;
    int failed;
};

static cairo_status_t write_cb(void *closure, const unsigned char *data, unsigned int length)
{
    struct buf *b = closure;
    if (b->failed)
        return CAIRO_STATUS_WRITE_ERROR;
    if (b->n + length > b->cap) {
        size_t cap = b->cap ? b->cap : 16384;
        while (cap < b->n + length)
            cap *= 2;
        unsigned char *p = realloc(b->p, cap);
        if (!p) {
            b->failed = 1;
            return CAIRO_STATUS_WRITE_ERROR;
        }
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->n, data, length);
    b->n += length;
    return CAIRO_STATUS_SUCCESS;
}

enum style { ST_TITLE, ST_HEADING, ST_BODY, ST_BOLD, ST_NOTE, ST_MONO, ST_CELL, ST_CELL_BOLD };

struct ctx {
    const struct pdf_doc *doc;
    cairo_t *cr;
    PangoContext *pc;
    double y;
    int page;
};

static PangoLayout *layout(struct ctx *c, const char *text, enum style s, double width)
{
    static const struct {
        const char *family;
        double size;
        int bold;
    } styles[] = {
        [ST_TITLE] = {SANS, 18, 1},  [ST_HEADING] = {SANS, 12, 1},    [ST_BODY] = {SANS, 10.5, 0},
        [ST_BOLD] = {SANS, 10.5, 1}, [ST_NOTE] = {SANS, 8, 0},        [ST_MONO] = {MONO, 8, 0},
        [ST_CELL] = {SANS, 9.5, 0},  [ST_CELL_BOLD] = {SANS, 9.5, 1},
    };
    PangoLayout *l = pango_layout_new(c->pc);
    PangoFontDescription *fd = pango_font_description_new();
    pango_font_description_set_family(fd, styles[s].family);
    pango_font_description_set_absolute_size(fd, styles[s].size * PANGO_SCALE);
    if (styles[s].bold)
        pango_font_description_set_weight(fd, PANGO_WEIGHT_BOLD);
    pango_layout_set_font_description(l, fd);
    pango_font_description_free(fd);
    pango_layout_set_width(l, (int)(width * PANGO_SCALE));
    pango_layout_set_wrap(l, s == ST_MONO ? PANGO_WRAP_CHAR : PANGO_WRAP_WORD_CHAR);
    if (s == ST_BODY || s == ST_BOLD)
        pango_layout_set_line_spacing(l, 1.5f);
    if (s == ST_TITLE)
        pango_layout_set_alignment(l, PANGO_ALIGN_CENTER);
    pango_layout_set_text(l, text ? text : "", -1);
    return l;
}

static double height_of(PangoLayout *l)
{
    int w, h;
    pango_layout_get_size(l, &w, &h);
    return (double)h / PANGO_SCALE;
}

static void grey(struct ctx *c, double v)
{
    cairo_set_source_rgb(c->cr, v, v, v);
}

static void footer(struct ctx *c)
{
    char text[600];
    const char *f = c->doc->footer;
    snprintf(text, sizeof text, "%s%s第 %d 页", f ? f : "", f && *f ? "    " : "", c->page);
    PangoLayout *l = layout(c, text, ST_NOTE, CONTENT);
    pango_layout_set_alignment(l, PANGO_ALIGN_CENTER);
    grey(c, 0.45);
    cairo_move_to(c->cr, MARGIN_X, PAGE_H - 40.0);
    pango_cairo_show_layout(c->cr, l);
    g_object_unref(l);
    grey(c, 0);
}

static void new_page(struct ctx *c)
{
    footer(c);
    cairo_show_page(c->cr);
    c->page++;
    c->y = TOP;
}

/* Shows l at x, line by line, starting a new page whenever the next line would cross the bottom. */
static void flow(struct ctx *c, PangoLayout *l, double x)
{
    PangoLayoutIter *it = pango_layout_get_iter(l);
    do {
        int y0, y1;
        PangoRectangle logical;
        pango_layout_iter_get_line_yrange(it, &y0, &y1);
        pango_layout_iter_get_line_extents(it, NULL, &logical);
        double h = (double)(y1 - y0) / PANGO_SCALE;
        double base = (double)(pango_layout_iter_get_baseline(it) - y0) / PANGO_SCALE;
        if (c->y + h > BOTTOM && c->y > TOP)
            new_page(c);
        cairo_move_to(c->cr, x + (double)logical.x / PANGO_SCALE, c->y + base);
        pango_cairo_show_layout_line(c->cr, pango_layout_iter_get_line_readonly(it));
        c->y += h;
    } while (pango_layout_iter_next_line(it));
    pango_layout_iter_free(it);
}

/* Keeps a unit of height h together: a new page first when it does not fit and the page is not empty. */
static void keep(struct ctx *c, double h)
{
    if (c->y + h > BOTTOM && c->y > TOP)
        new_page(c);
}

static void text_block(struct ctx *c, const char *text, enum style s, double before, double after)
{
    PangoLayout *l = layout(c, text, s, CONTENT);
    c->y += before;
    if (s == ST_HEADING) /* a heading never ends a page alone */
        keep(c, height_of(l) + 30);
    if (s == ST_NOTE)
        grey(c, 0.35);
    flow(c, l, MARGIN_X);
    grey(c, 0);
    g_object_unref(l);
    c->y += after;
}

/* One row of cells at column offsets x[] with widths w[]; ruled (table) or not (key-value). */
static void row(struct ctx *c, const char *const *cells, int n, const double *x, const double *w, int bold,
                int ruled, int shaded)
{
    PangoLayout *ls[8];
    double h = 0;
    for (int i = 0; i < n; i++) {
        ls[i] = layout(c, cells[i], bold || (!ruled && i == 0) ? ST_CELL_BOLD : ST_CELL, w[i] - 2 * PAD);
        double hi = height_of(ls[i]) + 2 * PAD;
        if (hi > h)
            h = hi;
    }
    keep(c, h);
    if (shaded) {
        grey(c, 0.92);
        cairo_rectangle(c->cr, x[0], c->y, x[n - 1] + w[n - 1] - x[0], h);
        cairo_fill(c->cr);
        grey(c, 0);
    }
    for (int i = 0; i < n; i++) {
        if (!ruled && i == 0)
            grey(c, 0.3);
        cairo_move_to(c->cr, x[i] + PAD, c->y + PAD);
        pango_cairo_show_layout(c->cr, ls[i]);
        grey(c, 0);
        if (ruled) {
            cairo_rectangle(c->cr, x[i], c->y, w[i], h);
            cairo_set_line_width(c->cr, 0.5);
            cairo_stroke(c->cr);
        }
        g_object_unref(ls[i]);
    }
    c->y += h;
}

static void kv_block(struct ctx *c, const struct pdf_block *b)
{
    double x[2] = {MARGIN_X, MARGIN_X + CONTENT * 0.24}, w[2] = {CONTENT * 0.24, CONTENT * 0.76};
    for (int r = 0; r < b->nrows; r++) {
        const char *cells[2] = {b->cells[2 * r] ? b->cells[2 * r] : "",
                                b->cells[2 * r + 1] ? b->cells[2 * r + 1] : ""};
        row(c, cells, 2, x, w, 0, 0, 0);
    }
    c->y += 6;
}

static void table_block(struct ctx *c, const struct pdf_block *b)
{
    double x[8], w[8], total = 0;
    for (int i = 0; i < b->ncols; i++)
        total += b->widths ? b->widths[i] : 1.0;
    double at = MARGIN_X;
    for (int i = 0; i < b->ncols; i++) {
        x[i] = at;
        w[i] = CONTENT * (b->widths ? b->widths[i] : 1.0) / total;
        at += w[i];
    }
    for (int r = 0; r < b->nrows; r++) {
        const char *cells[8];
        for (int i = 0; i < b->ncols; i++) {
            const char *s = b->cells[r * b->ncols + i];
            cells[i] = s ? s : "";
        }
        row(c, cells, b->ncols, x, w, r == 0, 1, r == 0);
    }
    c->y += 8;
}

static int qr_block(struct ctx *c, const struct pdf_block *b)
{
    QRcode *q = QRcode_encodeString(b->qr, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    if (!q)
        return -1;
    /* whole-point module size and origin, and one rectangle per horizontal run of dark modules: the page
     * stream stays a few KB instead of one rectangle per module with fractional coordinates */
    double module = q->width > 45 ? 2 : 3, quiet = 4 * module, size = q->width * module + 2 * quiet;
    c->y = (double)(long)(c->y + 6.5);
    keep(c, size);
    double x0 = MARGIN_X, y0 = c->y;
    for (int yy = 0; yy < q->width; yy++) {
        for (int xx = 0; xx < q->width;) {
            if (!(q->data[yy * q->width + xx] & 1)) {
                xx++;
                continue;
            }
            int run = 1;
            while (xx + run < q->width && (q->data[yy * q->width + xx + run] & 1))
                run++;
            cairo_rectangle(c->cr, x0 + quiet + xx * module, y0 + quiet + yy * module, run * module, module);
            xx += run;
        }
    }
    cairo_fill(c->cr);
    QRcode_free(q);
    if (b->text && *b->text) {
        PangoLayout *l = layout(c, b->text, ST_CELL, CONTENT - size - 12);
        cairo_move_to(c->cr, x0 + size + 12, y0 + quiet);
        pango_cairo_show_layout(c->cr, l);
        g_object_unref(l);
    }
    c->y += size + 6;
    return 0;
}

static int valid(const char *s)
{
    return !s || (strlen(s) < (1u << 20) && g_utf8_validate(s, -1, NULL));
}

static int check(const struct pdf_doc *d)
{
    if (!d->title || !valid(d->title) || !valid(d->subject) || !valid(d->footer) ||
        (d->footer && strlen(d->footer) > 400) || (d->nblocks && !d->blocks))
        return -1;
    for (size_t i = 0; i < d->nblocks; i++) {
        const struct pdf_block *b = &d->blocks[i];
        if (!valid(b->text))
            return -1;
        switch (b->kind) {
        case PDF_KV:
        case PDF_TABLE: {
            int cols = b->kind == PDF_KV ? 2 : b->ncols;
            if (cols < 1 || cols > 8 || b->nrows < 0 || b->nrows > 10000 || (b->nrows && !b->cells))
                return -1;
            for (int k = 0; k < cols * b->nrows; k++)
                if (!valid(b->cells[k]))
                    return -1;
            if (b->widths)
                for (int k = 0; k < cols; k++)
                    if (!(b->widths[k] > 0))
                        return -1;
            break;
        }
        case PDF_QR:
            if (!b->qr || !*b->qr || strlen(b->qr) > QR_MAX || !valid(b->qr))
                return -1;
            break;
        case PDF_HEADING:
        case PDF_PARAGRAPH:
        case PDF_NOTE:
        case PDF_MONO:
            break;
        default:
            return -1;
        }
    }
    return 0;
}

struct job {
    const struct pdf_doc *doc;
    struct buf out;
    int pages; /* -1 on failure */
};

static void render(struct job *j)
{
    const struct pdf_doc *d = j->doc;
    j->pages = -1;
    if (!fontmap) {
        fontmap = pango_cairo_font_map_new();
        if (!fontmap) {
            log_error("pdf: no Pango font map", NULL);
            return;
        }
        pango_cairo_font_map_set_resolution(PANGO_CAIRO_FONT_MAP(fontmap), 72.0);
    }
    cairo_surface_t *s = cairo_pdf_surface_create_for_stream(write_cb, &j->out, PAGE_W, PAGE_H);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, d->title);
    if (d->subject)
        cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_SUBJECT, d->subject);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "linggong");
    cairo_t *cr = cairo_create(s);
    struct ctx c = {d, cr, pango_font_map_create_context(fontmap), TOP, 1};
    cairo_font_options_t *fo = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF); /* vector output: no grid fitting */
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    pango_cairo_context_set_font_options(c.pc, fo);
    cairo_font_options_destroy(fo);
    pango_cairo_update_context(cr, c.pc);

    int rc = 0;
    text_block(&c, d->title, ST_TITLE, 0, 14);
    for (size_t i = 0; i < d->nblocks && rc == 0; i++) {
        const struct pdf_block *b = &d->blocks[i];
        switch (b->kind) {
        case PDF_HEADING:
            text_block(&c, b->text, ST_HEADING, 8, 4);
            break;
        case PDF_PARAGRAPH:
            text_block(&c, b->text, ST_BODY, 0, 6);
            break;
        case PDF_NOTE:
            text_block(&c, b->text, ST_NOTE, 2, 4);
            break;
        case PDF_MONO:
            text_block(&c, b->text, ST_MONO, 2, 4);
            break;
        case PDF_KV:
            kv_block(&c, b);
            break;
        case PDF_TABLE:
            table_block(&c, b);
            break;
        case PDF_QR:
            rc = qr_block(&c, b);
            break;
        }
    }
    footer(&c);
    cairo_show_page(cr);
    g_object_unref(c.pc);
    cairo_destroy(cr);
    cairo_surface_finish(s);
    cairo_status_t cs = cairo_surface_status(s);
    cairo_surface_destroy(s);
    if (rc != 0 || cs != CAIRO_STATUS_SUCCESS || j->out.failed) {
        if (cs != CAIRO_STATUS_SUCCESS)
            log_error("pdf: cairo failed", "\"status\":\"%s\"", cairo_status_to_string(cs));
        return;
    }
    j->pages = c.page;
}

static void *run(void *p)
{
    pthread_mutex_lock(&lock);
    render(p);
    pthread_mutex_unlock(&lock);
    return NULL;
}

int pdf_render(const struct pdf_doc *doc, unsigned char **out, size_t *len)
{
    *out = NULL;
    *len = 0;
    if (!doc || check(doc) != 0)
        return -1;
    struct job j = {.doc = doc, .pages = -1};
    pthread_attr_t attr;
    pthread_t t;
    if (pthread_attr_init(&attr) != 0)
        return -1;
    pthread_attr_setstacksize(&attr, STACK);
    int started = pthread_create(&t, &attr, run, &j) == 0;
    pthread_attr_destroy(&attr);
    if (!started) {
        log_error("pdf: cannot start the render thread", NULL);
        return -1;
    }
    pthread_join(t, NULL);
    if (j.pages < 0) {
        free(j.out.p);
        return -1;
    }
    *out = j.out.p;
    *len = j.out.n;
    return j.pages;
}

void pdf_end(void)
{
    pthread_mutex_lock(&lock);
    if (fontmap) {
        g_object_unref(fontmap);
        fontmap = NULL;
        cairo_debug_reset_static_data();
        FcFini();
    }
    pthread_mutex_unlock(&lock);
}
