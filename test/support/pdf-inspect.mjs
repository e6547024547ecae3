// Reads a PDF the way a test looks at it: its page count, each page's text (pdf.js), and, given
// an output path, its first page rendered to a PNG (pdf.js drawing on @napi-rs/canvas). A separate
// process because pdf.js is an ES module the tests' CommonJS runner cannot import.
//   node test/support/pdf-inspect.mjs report.pdf [page1.png]   → JSON on stdout
import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createCanvas } from '@napi-rs/canvas';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

// The standard fonts' metrics and outlines, so Helvetica renders as Helvetica would.
const fonts = join(
  dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json')),
  'standard_fonts/',
);
const [file, png] = process.argv.slice(2);
const data = new Uint8Array(await readFile(file));
const pdf = await getDocument({ data, standardFontDataUrl: fonts, verbosity: 0 }).promise;
const pages = [];
for (let i = 1; i <= pdf.numPages; i++) {
  const page = await pdf.getPage(i);
  const content = await page.getTextContent();
  pages.push(
    content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : '') : '')).join(''),
  );
}
if (png) {
  const page = await pdf.getPage(1);
  const viewport = page.getViewport({ scale: 1.5 });
  const canvas = createCanvas(Math.ceil(viewport.width), Math.ceil(viewport.height));
  const context = canvas.getContext('2d');
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, canvas.width, canvas.height);
  await page.render({ canvas, canvasContext: context, viewport }).promise;
  await writeFile(png, await canvas.encode('png'));
}
const info = (await pdf.getMetadata()).info;
process.stdout.write(JSON.stringify({ pages, title: info?.Title ?? null }));
