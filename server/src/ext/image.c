/* Whole-image decoding check of uploads (ext/image.h) with libjpeg-turbo, libpng and libwebp. The sniffer
 * (domain/sniff.c) looks at the first bytes only, so a JPEG or PNG header with an HTML page behind it would
 * pass it; here every byte must belong to one decodable image. Dimensions are read from the header and
 * refused before any pixel buffer exists; pixels are decoded into one throwaway row (PNG) or a picture
 * scaled down 8 times (JPEG, WebP: every coefficient is still entropy-decoded, the inverse transform is
 * cheaper). Keeps nothing between calls; the error handlers longjmp, so locals set after setjmp are
 * volatile. Never writes to stderr (library warnings are counted or dropped, not printed). */
#include "ext/image.h"

#include <setjmp.h>
#include <stdio.h> /* jpeglib.h needs FILE */
#include <stdlib.h>
#include <string.h>

#include <jerror.h>
#include <jpeglib.h>
#include <png.h>
#include <webp/decode.h>

/* The most the JPEG decoder may allocate for a progressive image's coefficients (2 bytes per coefficient):
 * a 40-megapixel 4:2:0 photo fits; beyond it libjpeg stops with JERR_NO_BACKING_STORE. */
#define JPEG_MAX_MEMORY (128L * 1024 * 1024)
/* Largest ancillary PNG chunk (text, ICC profile) libpng may allocate, decompressed. */
#define PNG_CHUNK_MAX (4L * 1024 * 1024)

static int too_large(unsigned long w, unsigned long h)
{
    return w > IMAGE_MAX_SIDE || h > IMAGE_MAX_SIDE || (unsigned long long)w * h > IMAGE_MAX_PIXELS;
}

static unsigned long be32(const unsigned char *p)
{
    return (unsigned long)p[0] << 24 | (unsigned long)p[1] << 16 | (unsigned long)p[2] << 8 | p[3];
}

static unsigned long le32(const unsigned char *p)
{
    return (unsigned long)p[0] | (unsigned long)p[1] << 8 | (unsigned long)p[2] << 16 |
           (unsigned long)p[3] << 24;
}

/* ------------------------------------------------------------------------------ JPEG */

struct jerr {
    struct jpeg_error_mgr pub;
    jmp_buf jmp;
};

static void jpeg_fail(j_common_ptr c)
{
    longjmp(((struct jerr *)c->err)->jmp, 1);
}

static void jpeg_quiet(j_common_ptr c)
{
    (void)c;
}

/* Any warning fails: libjpeg warns exactly when it repairs a stream (premature end of file — a truncated
 * upload —, extraneous bytes before a marker, a bad Huffman code) and would otherwise hand out a picture
 * padded with grey. Bytes after EOI fail too. */
static enum image_check jpeg_check(const unsigned char *p, size_t n, long *w, long *h)
{
    struct jpeg_decompress_struct cinfo;
    struct jerr err;
    JSAMPLE *volatile row = NULL;
    volatile enum image_check rc = IMAGE_BAD;
    memset(&cinfo, 0, sizeof cinfo);
    cinfo.err = jpeg_std_error(&err.pub);
    err.pub.error_exit = jpeg_fail;
    err.pub.output_message = jpeg_quiet;
    if (setjmp(err.jmp)) {
        rc = err.pub.msg_code == JERR_NO_BACKING_STORE ? IMAGE_TOO_LARGE : IMAGE_BAD;
        goto out;
    }
    jpeg_create_decompress(&cinfo);
    cinfo.mem->max_memory_to_use = JPEG_MAX_MEMORY;
    jpeg_mem_src(&cinfo, p, (unsigned long)n);
    if (jpeg_read_header(&cinfo, TRUE) != JPEG_HEADER_OK)
        goto out;
    *w = (long)cinfo.image_width;
    *h = (long)cinfo.image_height;
    if (too_large(cinfo.image_width, cinfo.image_height)) {
        rc = IMAGE_TOO_LARGE;
        goto out;
    }
    cinfo.scale_num = 1;
    cinfo.scale_denom = 8;
    cinfo.dct_method = JDCT_IFAST;
    cinfo.do_fancy_upsampling = FALSE;
    cinfo.do_block_smoothing = FALSE;
    jpeg_start_decompress(&cinfo);
    row = malloc((size_t)cinfo.output_width * (size_t)cinfo.output_components);
    if (!row) {
        rc = IMAGE_NOMEM;
        goto out;
    }
    while (cinfo.output_scanline < cinfo.output_height) {
        JSAMPROW rows[1] = {row};
        if (jpeg_read_scanlines(&cinfo, rows, 1) != 1)
            goto out;
    }
    jpeg_finish_decompress(&cinfo);
    rc = err.pub.num_warnings == 0 && cinfo.src->bytes_in_buffer == 0 ? IMAGE_OK : IMAGE_BAD;
out:
    jpeg_destroy_decompress(&cinfo);
    free(row);
    return rc;
}

/* ------------------------------------------------------------------------------ PNG */

struct pngsrc {
    const unsigned char *p;
    size_t n, pos;
};

static void png_fail(png_structp png, png_const_charp msg)
{
    (void)msg;
    png_longjmp(png, 1);
}

/* Warnings (a known-incorrect sRGB profile, a bad CRC in an ancillary chunk, which libpng then skips) are
 * common in real photos and harmless: dropped. Errors (bad critical chunk, missing or short image data,
 * truncation) fail. */
static void png_warn(png_structp png, png_const_charp msg)
{
    (void)png;
    (void)msg;
}

static void png_src_read(png_structp png, png_bytep out, size_t len)
{
    struct pngsrc *s = png_get_io_ptr(png);
    if (len > s->n - s->pos)
        png_error(png, "truncated");
    memcpy(out, s->p + s->pos, len);
    s->pos += len;
}

/* Every row of every interlace pass is decoded (zlib data and filters checked), then the chunks after the
 * image up to IEND (CRCs checked); IEND must be the file's last byte. */
static enum image_check png_check(const unsigned char *p, size_t n, long *w, long *h)
{
    struct pngsrc src = {p, n, 0};
    png_structp png = NULL;
    png_infop info = NULL;
    unsigned char *volatile row = NULL;
    volatile enum image_check rc = IMAGE_NOMEM;
    /* the sniffer saw IHDR right after the signature: its size, before libpng allocates anything */
    if (n < 24)
        return IMAGE_BAD;
    *w = (long)be32(p + 16);
    *h = (long)be32(p + 20);
    if (too_large(be32(p + 16), be32(p + 20)))
        return IMAGE_TOO_LARGE;
    png = png_create_read_struct(PNG_LIBPNG_VER_STRING, NULL, png_fail, png_warn);
    info = png ? png_create_info_struct(png) : NULL;
    if (!info)
        goto out;
    if (setjmp(png_jmpbuf(png))) {
        rc = IMAGE_BAD;
        goto out;
    }
    png_set_read_fn(png, &src, png_src_read);
    png_set_user_limits(png, IMAGE_MAX_SIDE, IMAGE_MAX_SIDE);
    png_set_chunk_malloc_max(png, PNG_CHUNK_MAX);
    png_read_info(png, info);
    int passes = png_set_interlace_handling(png);
    png_read_update_info(png, info);
    png_uint_32 height = png_get_image_height(png, info);
    row = malloc(png_get_rowbytes(png, info));
    if (!row)
        goto out;
    for (int pass = 0; pass < passes; pass++)
        for (png_uint_32 y = 0; y < height; y++)
            png_read_row(png, row, NULL);
    png_read_end(png, info);
    rc = src.pos == n ? IMAGE_OK : IMAGE_BAD;
out:
    png_destroy_read_struct(&png, &info, NULL);
    free(row);
    return rc;
}

/* ------------------------------------------------------------------------------ WebP */

/* The RIFF container must end where the bytes end; a still image only (an animation is refused). */
static enum image_check webp_check(const unsigned char *p, size_t n, long *w, long *h)
{
    WebPDecoderConfig config;
    if (n < 12 || (unsigned long long)le32(p + 4) + 8 != n)
        return IMAGE_BAD;
    if (!WebPInitDecoderConfig(&config))
        return IMAGE_NOMEM;
    if (WebPGetFeatures(p, n, &config.input) != VP8_STATUS_OK)
        return IMAGE_BAD;
    *w = config.input.width;
    *h = config.input.height;
    if (config.input.width < 1 || config.input.height < 1)
        return IMAGE_BAD;
    if (too_large((unsigned long)config.input.width, (unsigned long)config.input.height))
        return IMAGE_TOO_LARGE;
    if (config.input.has_animation)
        return IMAGE_BAD;
    config.options.use_scaling = 1;
    config.options.scaled_width = (config.input.width + 7) / 8;
    config.options.scaled_height = (config.input.height + 7) / 8;
    config.options.bypass_filtering = 1;
    VP8StatusCode st = WebPDecode(p, n, &config);
    WebPFreeDecBuffer(&config.output);
    return st == VP8_STATUS_OK ? IMAGE_OK : st == VP8_STATUS_OUT_OF_MEMORY ? IMAGE_NOMEM : IMAGE_BAD;
}

enum image_check image_verify(enum sniff_type t, const unsigned char *p, size_t n, long *width, long *height)
{
    long w = 0, h = 0;
    enum image_check rc = IMAGE_BAD;
    if (p && sniff_image(p, n) == t) { /* the type's own header first: png_check reads IHDR's fields */
        switch (t) {
        case SNIFF_JPEG:
            rc = jpeg_check(p, n, &w, &h);
            break;
        case SNIFF_PNG:
            rc = png_check(p, n, &w, &h);
            break;
        case SNIFF_WEBP:
            rc = webp_check(p, n, &w, &h);
            break;
        case SNIFF_UNKNOWN:
            break;
        }
    }
    if (width)
        *width = w;
    if (height)
        *height = h;
    return rc;
}
