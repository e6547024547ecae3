import { goto } from '$app/navigation';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '@vigil/contracts';
import { ApiRequestError, createApi, loginHref } from './api';

/**
 * The one socket.io connection of the dashboard, typed by core's event maps.
 * Pages never talk to socket.io directly: they listen to events, emit through `emit`, and register
 * what to (re)send after every connect with `onConnected`, because the server forgets subscriptions
 * when a connection drops and answers a fresh subscription with a fresh snapshot.
 */

export type LiveStatus = 'connecting' | 'live' | 'reconnecting' | 'offline';
export type VigilSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

interface LooseSocket {
  on(event: string, listener: (...args: never[]) => void): unknown;
  off(event: string, listener: (...args: never[]) => void): unknown;
  emit(event: string, ...args: unknown[]): unknown;
}

class Connection {
  status = $state<LiveStatus>('connecting');
  /** Why the connection is not live, in words (shown as the indicator's tooltip). */
  detail = $state<string | null>(null);
}

export const connection = new Connection();

/** When a refused connection is retried by hand (socket.io does not retry middleware refusals). */
const REFUSED_RETRY_MS = 5_000;

let socket: VigilSocket | null = null;
let retryTimer: ReturnType<typeof setTimeout> | undefined;
const connectedCallbacks = new Set<() => void>();

function setStatus(status: LiveStatus, detail: string | null = null): void {
  connection.status = status;
  connection.detail = detail;
}

/** A refusal at the handshake usually means the session ended; if so, go to login, else retry. */
async function recoverFromRefusal(reason: string): Promise<void> {
  clearTimeout(retryTimer);
  try {
    await createApi().me();
  } catch (err) {
    if (err instanceof ApiRequestError && err.status === 401) {
      stopSocket();
      await goto(loginHref(window.location));
      return;
    }
  }
  setStatus('offline', reason);
  retryTimer = setTimeout(() => {
    if (socket && !socket.connected) {
      setStatus('reconnecting');
      socket.connect();
    }
  }, REFUSED_RETRY_MS);
}

function onBrowserOffline(): void {
  setStatus('offline', 'This computer is offline');
}

function onBrowserOnline(): void {
  if (socket && !socket.connected) {
    setStatus('reconnecting');
    socket.connect();
  }
}

/** Open the connection (idempotent). Cookies authenticate the handshake; same origin as the page. */
export function startSocket(): void {
  if (socket) return;
  const s: VigilSocket = io({
    path: '/socket.io',
    withCredentials: true,
    autoConnect: false,
    reconnectionDelay: 1_000,
    reconnectionDelayMax: 10_000,
  });
  socket = s;

  s.on('connect', () => {
    clearTimeout(retryTimer);
    setStatus('live');
    for (const callback of connectedCallbacks) callback();
  });
  s.on('disconnect', (reason) => {
    if (reason === 'io client disconnect') setStatus('offline', 'Disconnected');
    else if (reason === 'io server disconnect') void recoverFromRefusal('The server closed the connection');
    else setStatus('reconnecting', `Connection lost (${reason})`);
  });
  s.on('connect_error', (err) => {
    // `active` stays true for transport failures, which socket.io retries with backoff by itself.
    if (s.active) setStatus('reconnecting', `Cannot reach the server (${err.message})`);
    else void recoverFromRefusal(err.message || 'Connection refused');
  });
  s.io.on('reconnect_attempt', () => {
    if (connection.status !== 'offline') setStatus('reconnecting', connection.detail);
  });

  window.addEventListener('offline', onBrowserOffline);
  window.addEventListener('online', onBrowserOnline);

  setStatus('connecting');
  s.connect();
}

/** Close the connection, e.g. on logout. */
export function stopSocket(): void {
  clearTimeout(retryTimer);
  window.removeEventListener('offline', onBrowserOffline);
  window.removeEventListener('online', onBrowserOnline);
  socket?.removeAllListeners();
  socket?.io.removeAllListeners();
  socket?.disconnect();
  socket = null;
  setStatus('offline');
}

/** Run `callback` now if connected and again after every reconnect. Returns the unregister function. */
export function onConnected(callback: () => void): () => void {
  connectedCallbacks.add(callback);
  if (socket?.connected) callback();
  return () => connectedCallbacks.delete(callback);
}

/** Listen to one server event. Returns the function that stops listening. */
export function listen<E extends keyof ServerToClientEvents>(
  event: E,
  handler: ServerToClientEvents[E],
): () => void {
  startSocket();
  // socket.io's overloads do not narrow through a generic key; the signature above keeps callers typed.
  const s = socket as unknown as LooseSocket;
  s.on(event, handler);
  return () => {
    s.off(event, handler);
  };
}

/**
 * Send to the server if connected. Nothing is buffered while disconnected: whatever matters after a
 * reconnect is re-sent by an `onConnected` callback instead, so subscriptions are never doubled.
 */
export function emit<E extends keyof ClientToServerEvents>(
  event: E,
  ...args: Parameters<ClientToServerEvents[E]>
): void {
  if (!socket?.connected) return;
  (socket as unknown as LooseSocket).emit(event, ...args);
}
