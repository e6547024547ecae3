import * as fs from 'node:fs';
import type { Role } from './samplers';

/**
 * CPU each part of the stack used during a run, from /proc/<pid>/stat (user + system time): the
 * API and workers processes of the stack under test, and every Postgres and Redis server process on
 * the machine (they serve other databases too, so on a busy box theirs is an upper bound). Divided
 * by the conversations scored, it says where a conversation's cost goes — what to cut to go faster.
 */
export type CpuPart = Role | 'postgres' | 'redis';
export const CPU_PARTS: readonly CpuPart[] = ['api', 'workers', 'postgres', 'redis'];

const TICK_MS = 10; // CLK_TCK is 100 on Linux

function cpuMsOf(pid: number): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command (which may hold spaces) start after the last ')'; utime and stime are 14th and 15th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
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

function serverPids(): Map<number, CpuPart> {
  const found = new Map<number, CpuPart>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let comm: string;
    try {
      comm = fs.readFileSync(`/proc/${entry}/comm`, 'utf8').trim();
    } catch {
      continue;
    }
    if (comm === 'postgres') found.set(Number(entry), 'postgres');
    else if (comm === 'redis-server') found.set(Number(entry), 'redis');
  }
  return found;
}

export type CpuSnapshot = Map<number, { part: CpuPart; ms: number }>;

/** CPU so far of the stack's processes (`stack`: pid → api/workers) and the servers'. */
export function snapshotCpu(stack: ReadonlyMap<number, Role>): CpuSnapshot {
  const snapshot: CpuSnapshot = new Map();
  for (const [pid, part] of [...stack, ...serverPids()]) {
    const ms = cpuMsOf(pid);
    if (ms !== undefined) snapshot.set(pid, { part, ms });
  }
  return snapshot;
}

/**
 * CPU ms per part between two snapshots. A process that started in between counts from zero; one
 * that ended in between is lost (Postgres backends of short connections), which the stack avoids.
 */
export function cpuBetween(before: CpuSnapshot, after: CpuSnapshot): Record<CpuPart, number> {
  const used = Object.fromEntries(CPU_PARTS.map((p) => [p, 0])) as Record<CpuPart, number>;
  for (const [pid, { part, ms }] of after) used[part] += ms - (before.get(pid)?.ms ?? 0);
  return used;
}
