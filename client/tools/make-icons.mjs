// Writes the app icons into public/ as real PNGs (no image tooling needed):
// a solid brand-blue square with a white "L" and a green check-mark block.
// Run: node client/tools/make-icons.mjs
import { deflateSync } from 'node:zlib';
import { writeFileSync } from 'node:fs';

const BRAND = [0x0b, 0x4f, 0x6c, 255];
const WHITE = [255, 255, 255, 255];
const GREEN = [0x4c, 0xc2, 0x6e, 255];

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
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
function png(size, pixel) {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    for (let x = 0; x < size; x++) {
      const p = pixel(x / size, y / size);
      raw.set(p, y * (size * 4 + 1) + 1 + x * 4);
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
/** Glyph in unit coordinates, scaled into the centre `scale` of the icon. */
function glyph(scale) {
  const o = (1 - scale) / 2;
  return (u, v) => {
    const x = (u - o) / scale;
    const y = (v - o) / scale;
    const inL = (x >= 0.2 && x < 0.38 && y >= 0.15 && y < 0.85) || (x >= 0.2 && x < 0.8 && y >= 0.67 && y < 0.85);
    const inDot = x >= 0.55 && x < 0.8 && y >= 0.15 && y < 0.4;
    return inL ? WHITE : inDot ? GREEN : BRAND;
  };
}
const out = (name, buf) => writeFileSync(new URL(`../../public/${name}`, import.meta.url), buf);
out('icon-192.png', png(192, glyph(0.9)));
out('icon-512.png', png(512, glyph(0.9)));
// Maskable: the glyph stays inside the 80 % safe zone, background bleeds to the edges.
out('icon-maskable-512.png', png(512, glyph(0.6)));
out('apple-touch-icon.png', png(180, glyph(0.8)));
out('favicon-32.png', png(32, glyph(0.95)));
console.log('icons written');
