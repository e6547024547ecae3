import type { ServerToClientEvents } from '@vigil/contracts';

/**
 * The way from the server to browsers: a typed event to a room (the socket event map of
 * contracts). The live gateway implements it; domain services (the live overview, new flags and
 * anomalies next) send through it without knowing socket.io.
 */
export interface LiveChannel {
  send<E extends keyof ServerToClientEvents>(
    event: E,
    room: string,
    payload: Parameters<ServerToClientEvents[E]>[0],
  ): void;
  /** Whether any socket of this API instance is in the room. */
  hasMembers(room: string): boolean;
}
