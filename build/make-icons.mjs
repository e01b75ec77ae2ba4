// `node build/make-icons.mjs`: every app icon from the one source, build/icon.svg. PNGs for
// Linux (build/resources/icons/NxN.png), icon.icns for macOS and icon.ico for Windows. Both
// containers hold PNG images, which every supported OS version reads. Needs rsvg-convert
// (Debian: librsvg2-bin). The outputs are committed; packaging does not run this.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const source = 'build/icon.svg';
const out = 'build/resources';
const sizes = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
mkdirSync(join(out, 'icons'), { recursive: true });

const png = new Map();
for (const size of sizes) {
  const file = join(out, 'icons', `${size}x${size}.png`);
  execFileSync('rsvg-convert', ['-w', String(size), '-h', String(size), '-o', file, source]);
  png.set(size, readFileSync(file));
}
writeFileSync(join(out, 'icon.png'), png.get(1024));

// ICO: a directory of PNG entries (16…256; 256 is written as 0 in the one-byte size fields).
const icoSizes = [16, 24, 32, 48, 64, 128, 256];
const header = Buffer.alloc(6 + 16 * icoSizes.length);
header.writeUInt16LE(0, 0);
header.writeUInt16LE(1, 2);
header.writeUInt16LE(icoSizes.length, 4);
let offset = header.length;
icoSizes.forEach((size, i) => {
  const entry = 6 + 16 * i;
  header.writeUInt8(size >= 256 ? 0 : size, entry);
  header.writeUInt8(size >= 256 ? 0 : size, entry + 1);
  header.writeUInt16LE(1, entry + 4); // colour planes
  header.writeUInt16LE(32, entry + 6); // bits per pixel
  header.writeUInt32LE(png.get(size).length, entry + 8);
  header.writeUInt32LE(offset, entry + 12);
  offset += png.get(size).length;
});
writeFileSync(join(out, 'icon.ico'), Buffer.concat([header, ...icoSizes.map((s) => png.get(s))]));

// ICNS: 'icns' + total length, then typed PNG chunks (ic07 128 … ic10 1024@1x / 512@2x).
const icnsTypes = [
  ['icp4', 16],
  ['icp5', 32],
  ['ic07', 128],
  ['ic08', 256],
  ['ic09', 512],
  ['ic10', 1024],
];
const chunks = icnsTypes.map(([type, size]) => {
  const head = Buffer.alloc(8);
  head.write(type, 0, 'ascii');
  head.writeUInt32BE(8 + png.get(size).length, 4);
  return Buffer.concat([head, png.get(size)]);
});
const icnsHead = Buffer.alloc(8);
icnsHead.write('icns', 0, 'ascii');
icnsHead.writeUInt32BE(8 + chunks.reduce((n, c) => n + c.length, 0), 4);
writeFileSync(join(out, 'icon.icns'), Buffer.concat([icnsHead, ...chunks]));
console.error(`make-icons: ${sizes.length} PNGs, icon.ico, icon.icns in ${out}/`);
