import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/** `vigil detect` as people run it: a process reading CSV on stdin, no database, no Redis. */
function vigilDetect(input: string, args: string[] = []) {
  const result = spawnSync(process.execPath, [join(ROOT, 'apps/workers/bin/vigil.js'), 'detect', ...args], {
    input,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '' },
  });
  return { status: result.status, lines: result.stdout.trim().split('\n'), stderr: result.stderr };
}

/** Five-minute points with a daily rhythm, NAB's timestamp format. */
function series(n: number, at?: (i: number) => number | undefined): string[] {
  const start = Date.parse('2014-04-01T00:00:00Z');
  return Array.from({ length: n }, (_, i) => {
    const t = new Date(start + i * 300_000).toISOString().replace('T', ' ').slice(0, 19);
    const value = at?.(i) ?? 50 + 20 * Math.sin((2 * Math.PI * i) / 288) + ((i * 7919) % 13) / 13;
    return `${t},${value}`;
  });
}

describe('vigil detect', () => {
  it('writes timestamp,value,anomaly_score for every row, quiet at first, high at a spike', () => {
    const rows = series(3000, (i) => (i === 2500 ? 500 : undefined));
    const { status, lines } = vigilDetect(`timestamp,value\n${rows.join('\n')}\n`);
    expect(status).toBe(0);
    expect(lines[0]).toBe('timestamp,value,anomaly_score');
    expect(lines).toHaveLength(3001);
    const scores = lines.slice(1).map((l) => Number(l.split(',')[2]));
    expect(lines[1]).toBe(`${rows[0]},0`);
    expect(Math.max(...scores.slice(0, 100))).toBe(0);
    expect(scores.every((s) => s >= 0 && s <= 1)).toBe(true);
    expect(scores[2500]).toBeGreaterThanOrEqual(0.4);
  });

  it('reads input without a header, and a row depends only on the rows before it', () => {
    const rows = series(600);
    const all = vigilDetect(rows.join('\n'));
    const first = vigilDetect(rows.slice(0, 400).join('\n'));
    expect(all.status).toBe(0);
    expect(all.lines.slice(0, 401)).toEqual(first.lines);
  });

  it('reports bad lines on stderr with their line numbers, goes on, and exits 1', () => {
    const rows = series(5);
    const { status, lines, stderr } = vigilDetect(
      ['timestamp,value', rows[0], 'yesterday,3', rows[1], '2014-04-01 00:10:00,n/a', rows[2], '1,2,3'].join(
        '\n',
      ),
    );
    expect(status).toBe(1);
    expect(lines).toHaveLength(4);
    expect(stderr).toMatch(/line 3: not a timestamp: "yesterday"/);
    expect(stderr).toMatch(/line 5: not a number: "n\/a"/);
    expect(stderr).toMatch(/line 7: expected 2 fields/);
  });

  it('prints its usage with --help', () => {
    const { status, lines } = vigilDetect('', ['--help']);
    expect(status).toBe(0);
    expect(lines[0]).toMatch(/^Usage: vigil detect/);
  });
});
