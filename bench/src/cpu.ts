import * as fs from 'node:fs';
import type { Role } from './samplers';

/**
 * CPU each part of the stack used during a run, from /proc/<pid>/stat (user + system time): the
 * API and workers processes of the stack under test, the Postgres server of the product's database,
 * and every Redis server on the machine (others' use of it counts too: an upper bound on a busy
 * box). Divided by the conversations scored, it says where a conversation's cost goes — what to cut
 * to go faster.
 */
export type CpuPart = Role | 'postgres' | 'redis';
export const CPU_PARTS: readonly CpuPart[] = ['api', 'workers', 'postgres', 'redis'];

const TICK_MS = 10; // CLK_TCK is 100 on Linux

/** User + system CPU of a process; with `reaped`, also that of its children that have ended. */
function cpuMsOf(pid: number, reaped = false): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command (which may hold spaces) start after the last ')': utime and stime
    // are the 14th and 15th, cutime and cstime (children waited for) the 16th and 17th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const own = Number(fields[11]) + Number(fields[12]);
    return (reaped ? own + Number(fields[13]) + Number(fields[14]) : own) * TICK_MS;
  } catch {
    return undefined; // gone
  }
}

/** CPU so far of these processes together (Postgres backends, say); those gone count nothing. */
export function processesCpuMs(pids: readonly number[]): number {
  let ms = 0;
  for (const pid of pids) ms += cpuMsOf(pid) ?? 0;
  return ms;
}

function readProc(pid: string, file: string): string | undefined {
  try {
    return fs.readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return undefined;
  }
}

/** The database the product uses: BENCH_DATABASE, else DATABASE_URL's, else npm start's own ("vigil"). */
function productDatabase(): string {
  if (process.env.BENCH_DATABASE) return process.env.BENCH_DATABASE;
  const url = process.env.DATABASE_URL;
  return (url && decodeURIComponent(new URL(url).pathname.slice(1))) || 'vigil';
}

/**
 * The Redis servers, and the Postgres server that serves the product's database: its postmaster
 * (the parent of a backend whose title is "postgres: <user> <database> …") and that postmaster's
 * children. Other Postgres servers on a shared machine (other engineers' tests) are left out; if
 * no backend of the database is found, every Postgres process counts. A postmaster is read with
 * its ended children's CPU (autovacuum workers, short connections), so none is lost between snapshots.
 */
function serverPids(): Map<number, { part: CpuPart; reaped: boolean }> {
  const postgres = new Map<number, number>(); // pid → parent pid
  let postmaster: number | undefined;
  const database = productDatabase();
  const found = new Map<number, { part: CpuPart; reaped: boolean }>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const comm = readProc(entry, 'comm')?.trim();
    if (comm === 'redis-server') found.set(Number(entry), { part: 'redis', reaped: false });
    if (comm !== 'postgres') continue;
    const stat = readProc(entry, 'stat');
    if (!stat) continue;
    const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    postgres.set(Number(entry), parent);
    const title = readProc(entry, 'cmdline')?.replace(/\0/g, ' ').split(' ');
    if (title?.[0] === 'postgres:' && title[2] === database) postmaster = parent;
  }
  for (const [pid, parent] of postgres)
    if (postmaster === undefined || pid === postmaster || parent === postmaster)
      found.set(pid, { part: 'postgres', reaped: pid === postmaster });
  return found;
}

export type CpuSnapshot = Map<number, { part: CpuPart; ms: number }>;

/** CPU so far of the stack's processes (`stack`: pid → api/workers) and the servers'. */
export function snapshotCpu(stack: ReadonlyMap<number, Role>): CpuSnapshot {
  const snapshot: CpuSnapshot = new Map();
  for (const [pid, part] of stack) {
    const ms = cpuMsOf(pid);
    if (ms !== undefined) snapshot.set(pid, { part, ms });
  }
  for (const [pid, { part, reaped }] of serverPids()) {
    const ms = cpuMsOf(pid, reaped);
    if (ms !== undefined) snapshot.set(pid, { part, ms });
  }
  return snapshot;
}

/**
 * CPU ms per part between two snapshots. A process that started in between counts from zero; one
 * that ended in between is counted by its postmaster (Postgres), or lost (the stack's own processes
 * do not end during a run).
 */
export function cpuBetween(before: CpuSnapshot, after: CpuSnapshot): Record<CpuPart, number> {
  const used = Object.fromEntries(CPU_PARTS.map((p) => [p, 0])) as Record<CpuPart, number>;
  for (const [pid, { part, ms }] of after) used[part] += ms - (before.get(pid)?.ms ?? 0);
  return used;
}
