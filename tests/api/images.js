// Images for the upload tests: real ones (the fixtures under fixtures/, made with Debian's cjpeg, cwebp and
// img2webp from a 64×48 gradient; PNGs built here with zlib and real CRCs) and the forgeries the server
// must refuse (a valid image header with something else behind it, truncated images, trailing bytes).
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');

// fixtures/photo.jpg (baseline), photo-progressive.jpg, photo.webp (lossy VP8), photo-lossless.webp
// (VP8L), animated.webp (2 frames).
const fixture = (name) => fs.readFileSync(path.join(__dirname, 'fixtures', name));

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
function pngChunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type), data]);
  const c = Buffer.alloc(4);
  c.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, c]);
}
function ihdr(w, h, depth, colorType) {
  const b = Buffer.alloc(13);
  b.writeUInt32BE(w, 0);
  b.writeUInt32BE(h, 4);
  b[8] = depth;
  b[9] = colorType;
  return pngChunk('IHDR', b); // compression, filter, interlace 0
}
// A real PNG of w×h: 8-bit RGB of one colour, or (depth 1) 1-bit greyscale, black — so that a 40-megapixel
// image is a few kilobytes. Every row has filter byte 0.
function png(w, h, { depth = 8, rgb = [255, 0, 0] } = {}) {
  const colorType = depth === 1 ? 0 : 2;
  const rowBytes = depth === 1 ? Math.ceil(w / 8) : w * 3;
  const raw = Buffer.alloc(h * (1 + rowBytes));
  if (depth !== 1) {
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) Buffer.from(rgb).copy(raw, y * (1 + rowBytes) + 1 + x * 3);
  }
  return Buffer.concat([PNG_SIGNATURE, ihdr(w, h, depth, colorType), pngChunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    pngChunk('IEND', Buffer.alloc(0))]);
}

// A real JPEG of exactly n bytes: fixtures/photo.jpg with COM (comment) segments after SOI. Every byte is
// part of a valid JPEG structure, so a decoder takes it whole.
function jpegOfSize(n) {
  const base = fixture('photo.jpg');
  let rest = n - base.length;
  if (rest !== 0 && rest < 4) throw new Error(`jpegOfSize(${n}): cannot pad ${rest} bytes`);
  const segs = [];
  while (rest > 0) {
    let seg = Math.min(rest, 65537); // FF FE + a length field of at most 65535 (itself included)
    if (rest - seg > 0 && rest - seg < 4) seg -= 4;
    const s = Buffer.alloc(seg, 0x20);
    s[0] = 0xff;
    s[1] = 0xfe;
    s.writeUInt16BE(seg - 2, 2);
    segs.push(s);
    rest -= seg;
  }
  return Buffer.concat([base.subarray(0, 2), ...segs, base.subarray(2)]);
}

// The same JPEG with the frame header (SOF0/SOF2) claiming w×h.
function jpegClaiming(w, h, name = 'photo.jpg') {
  const b = Buffer.from(fixture(name));
  for (let i = 2; i + 9 < b.length;) {
    if (b[i] !== 0xff) throw new Error('jpegClaiming: lost the marker chain');
    const m = b[i + 1];
    if (m === 0xc0 || m === 0xc2) {
      b.writeUInt16BE(h, i + 5);
      b.writeUInt16BE(w, i + 7);
      return b;
    }
    i += 2 + b.readUInt16BE(i + 2);
  }
  throw new Error('jpegClaiming: no SOF');
}

const HTML = Buffer.from('<!doctype html><html><body><script>fetch("/api/v1/me").then(r=>r.text()).then(alert)</script></body></html>\n');

// Headers a sniffer accepts, with an HTML page where the image data should be.
const forged = {
  // PNG signature and a valid 1×1 IHDR chunk, then HTML
  png: () => Buffer.concat([PNG_SIGNATURE, ihdr(1, 1, 8, 2), HTML]),
  // SOI and a JFIF APP0 segment, then HTML
  jpeg: () => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01,
    0x00, 0x01, 0x00, 0x00]), HTML]),
  // a RIFF/WEBP container whose size is right and whose VP8 chunk holds HTML
  webp: () => {
    const chunk = Buffer.alloc(8);
    chunk.write('VP8 ', 0);
    chunk.writeUInt32LE(HTML.length, 4);
    const body = Buffer.concat([Buffer.from('WEBP'), chunk, HTML, Buffer.alloc(HTML.length % 2)]);
    const head = Buffer.alloc(8);
    head.write('RIFF', 0);
    head.writeUInt32LE(body.length, 4);
    return Buffer.concat([head, body]);
  },
};

// The first n bytes of a WebP, with the RIFF size field made to match (so the container looks whole and
// only decoding finds the image data cut short).
function webpTruncated(buf, n) {
  const b = Buffer.from(buf.subarray(0, n));
  b.writeUInt32LE(n - 8, 4);
  return b;
}

module.exports = { fixture, png, pngChunk, jpegOfSize, jpegClaiming, forged, webpTruncated, HTML, PNG_SIGNATURE };
