/** Postgres unreachable, restarting or out of connections: the client should retry shortly. */
export function isDatabaseUnavailable(error: unknown): boolean {
  const e = error as { code?: string; message?: string } | null;
  if (!e) return false;
  // Class 08: connection exceptions; 57P0x: shutting down / cannot connect now; 53300: too many connections.
  if (
    typeof e.code === 'string' &&
    (/^08/.test(e.code) || ['57P01', '57P02', '57P03', '53300'].includes(e.code))
  ) {
    return true;
  }
  if (['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE'].includes(e.code ?? '')) return true;
  return /timeout exceeded when trying to connect|Connection terminated|connect ECONNREFUSED|does not allow connections|is not currently accepting connections/i.test(
    e.message ?? '',
  );
}
