import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

/** Page count and text of each page (and the first page as a PNG when asked), read with pdf.js. */
export async function inspectPdf(
  pdf: Buffer,
  png?: string,
): Promise<{ pages: string[]; title: string | null }> {
  const dir = await mkdtemp(join(tmpdir(), 'vigil-pdf-'));
  try {
    const file = join(dir, 'report.pdf');
    await writeFile(file, pdf);
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['test/support/pdf-inspect.mjs', file, ...(png ? [png] : [])],
      { maxBuffer: 16 * 1024 * 1024 },
    );
    return JSON.parse(stdout);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
