import { execFile, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import type { VigilApi } from './http';

/** Background samplers: process RSS from `ps`, and the not-yet-scored backlog through the API. */

export type Role = 'api' | 'workers';

export interface RssSample {
  t: number;
  /** MB of the largest process of each role (the target is per process); undefined when none was found. */
  api?: number;
  workers?: number;
}

export function parsePs(output: string): Array<{ pid: number; rssKb: number; role: Role }> {
  const out: Array<{ pid: number; rssKb: number; role: Role }> = [];
  for (const line of output.split('\n')) {
    const m = /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line);
    if (!m) continue;
    const args = m[3]!;
    // The node process itself, not a shell or npm wrapper that mentions the path.
    if (!/(^|\/)node(\s|$)/.test(args.split(' ')[0] ?? '') && !args.startsWith('node ')) continue;
    const role: Role | undefined = args.includes('api/dist/main.js')
      ? 'api'
      : args.includes('workers/dist/main.js')
        ? 'workers'
        : undefined;
    if (role) out.push({ pid: Number(m[1]), rssKb: Number(m[2]), role });
  }
  return out;
}

function ps(): Promise<string> {
  return new Promise((resolve) => {
    execFile(
      'ps',
      ['-eo', 'pid,rss,args', '--no-headers'],
      { timeout: 5000, maxBuffer: 4 * 1024 * 1024 },
      (error, stdout) => resolve(error ? '' : stdout),
    );
  });
}

function environOf(pid: number): Map<string, string> | undefined {
  try {
    const raw = fs.readFileSync(`/proc/${pid}/environ`, 'utf8');
    return new Map(
      raw
        .split('\0')
        .filter((kv) => kv.includes('='))
        .map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
    );
  } catch {
    return undefined;
  }
}

const STACK_KEYS = ['DATABASE_URL', 'REDIS_URL', 'VIGIL_QUEUE_PREFIX'];

/**
 * Which api/workers processes belong to the stack under test: the API listening on `port` (found with
 * `ss`) and every process with the same DATABASE_URL, REDIS_URL and VIGIL_QUEUE_PREFIX (from
 * /proc/<pid>/environ). On a shared box other Vigil processes (integration tests, another checkout)
 * would otherwise be counted too. Where this cannot be worked out (no ss, no /proc), all count.
 */
export function stackFilter(port: number): (pid: number) => boolean {
  let apiPid: number | undefined;
  try {
    const out = execFileSync('ss', ['-Htlnp', `sport = :${port}`], { encoding: 'utf8', timeout: 5000 });
    const m = /pid=(\d+)/.exec(out);
    if (m) apiPid = Number(m[1]);
  } catch {
    // no ss: fall through
  }
  const apiEnv = apiPid === undefined ? undefined : environOf(apiPid);
  if (!apiEnv) return () => true;
  const key = (env: Map<string, string>) => STACK_KEYS.map((k) => env.get(k) ?? '').join('\0');
  const want = key(apiEnv);
  const verdict = new Map<number, boolean>();
  return (pid) => {
    let ok = verdict.get(pid);
    if (ok === undefined) {
      const env = environOf(pid);
      ok = env !== undefined && key(env) === want;
      verdict.set(pid, ok);
    }
    return ok;
  };
}

export class RssSampler {
  readonly samples: RssSample[] = [];
  readonly pids = new Map<number, Role>();
  private timer?: NodeJS.Timeout;
  private busy = false;

  constructor(
    private readonly everyMs = 500,
    private readonly include: (pid: number) => boolean = () => true,
  ) {}

  start(): this {
    const tick = async (): Promise<void> => {
      if (this.busy) return;
      this.busy = true;
      try {
        const procs = parsePs(await ps());
        const sample: RssSample = { t: Date.now() };
        for (const p of procs) {
          if (!this.include(p.pid)) continue;
          this.pids.set(p.pid, p.role);
          sample[p.role] = Math.max(sample[p.role] ?? 0, p.rssKb / 1024);
        }
        this.samples.push(sample);
      } finally {
        this.busy = false;
      }
    };
    void tick();
    this.timer = setInterval(() => void tick(), this.everyMs);
    return this;
  }

  stop(): void {
    clearInterval(this.timer);
  }

  peak(role: Role): number | undefined {
    const values = this.samples.map((s) => s[role]).filter((v): v is number => v !== undefined);
    return values.length ? Math.max(...values) : undefined;
  }

  first(role: Role): number | undefined {
    return this.samples.find((s) => s[role] !== undefined)?.[role];
  }

  last(role: Role): number | undefined {
    return [...this.samples].reverse().find((s) => s[role] !== undefined)?.[role];
  }
}

export interface BacklogSample {
  t: number;
  /** Stored but not yet scored: received + queued. */
  backlog?: number;
}

export class BacklogSampler {
  readonly samples: BacklogSample[] = [];
  private timer?: NodeJS.Timeout;
  private busy = false;

  constructor(
    private readonly api: VigilApi,
    private readonly everyMs = 1000,
  ) {}

  start(): this {
    const tick = async (): Promise<void> => {
      if (this.busy) return;
      this.busy = true;
      try {
        const [received, queued] = await Promise.all([
          this.api.countByStatus('received'),
          this.api.countByStatus('queued'),
        ]);
        this.samples.push({
          t: Date.now(),
          backlog: received === undefined || queued === undefined ? undefined : received + queued,
        });
      } catch {
        this.samples.push({ t: Date.now() });
      } finally {
        this.busy = false;
      }
    };
    void tick();
    this.timer = setInterval(() => void tick(), this.everyMs);
    return this;
  }

  stop(): void {
    clearInterval(this.timer);
  }

  max(): number | undefined {
    const values = this.samples.map((s) => s.backlog).filter((v): v is number => v !== undefined);
    return values.length ? Math.max(...values) : undefined;
  }
}
