// Small network probes: is a port free, does Redis answer, is the API healthy.
import net from 'node:net';

/** True when nothing listens on `port` (we can bind it ourselves). `host` undefined = all addresses. */
export function isPortFree(port, host) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** A port the OS says is free right now on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ port: 0, host: '127.0.0.1' }, () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** The first free port from `preferred` on (up to `tries` of them), else any free port. */
export async function pickPort(preferred, tries = 10, host = '127.0.0.1') {
  for (let port = preferred; port < preferred + tries; port++) {
    if (await isPortFree(port, host)) return port;
  }
  return freePort();
}

/** Sends PING to a Redis at host:port; true only for `+PONG` (a Redis that wants a password is no use). */
export function redisPing(host, port, timeoutMs = 1000) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    let reply = '';
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString('latin1');
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
  });
}

/** One GET; resolves to the HTTP status, or 0 when nothing answered. */
export async function httpStatus(url, timeoutMs = 2000) {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    await res.arrayBuffer().catch(() => undefined);
    return res.status;
  } catch {
    return 0;
  }
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
