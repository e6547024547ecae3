import { io, type Socket } from 'socket.io-client';
import { SOCKET_EVENTS, type ClientToServerEvents, type ServerToClientEvents } from '@vigil/contracts';

/** The live feed of scored conversations: when each id was seen in a `conversations:scored` event. */
export class ScoredFeed {
  /** id → local time (ms) the event arrived. */
  readonly seenAt = new Map<string, number>();
  events = 0;
  private socket?: Socket<ServerToClientEvents, ClientToServerEvents>;

  async connect(url: string, cookie: string, timeoutMs = 10_000): Promise<void> {
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(url, {
      path: '/socket.io',
      transports: ['websocket'],
      extraHeaders: { cookie },
      reconnection: true,
      reconnectionAttempts: 20,
    });
    this.socket = socket;
    socket.on(SOCKET_EVENTS.conversationsScored, ({ ids }) => {
      const now = Date.now();
      this.events++;
      for (const id of ids) if (!this.seenAt.has(id)) this.seenAt.set(id, now);
    });
    // Re-join the feed room after a reconnect.
    socket.on('connect', () => socket.emit(SOCKET_EVENTS.feedSubscribe));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`socket did not connect within ${timeoutMs} ms`)),
        timeoutMs,
      );
      socket.once('connect', () => {
        clearTimeout(timer);
        resolve();
      });
      socket.once('connect_error', (error) => {
        clearTimeout(timer);
        reject(new Error(`socket: ${error.message}`));
      });
    });
    // The server joins the room on feed:subscribe; give it a moment before traffic starts.
    await new Promise((r) => setTimeout(r, 200));
  }

  close(): void {
    this.socket?.disconnect();
  }
}
