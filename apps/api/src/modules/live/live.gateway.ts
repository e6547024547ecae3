import {
  ConnectedSocket,
  MessageBody,
  SubscribeMessage,
  WebSocketGateway,
  WebSocketServer,
  type OnGatewayInit,
} from '@nestjs/websockets';
import type { Server, Socket } from 'socket.io';
import {
  SESSION_COOKIE,
  SOCKET_EVENTS,
  can,
  type ClientToServerEvents,
  type ServerToClientEvents,
} from '@vigil/contracts';
import type { LiveChannel } from '../../common/live-channel.js';
import { AuthService } from '../auth/auth.service.js';
import { LiveAnomaliesService, anomalyRooms } from '../anomalies/live-anomalies.service.js';
import { LiveFlagsService, flagRooms } from '../flags/live-flags.service.js';
import type { Principal } from '../auth/principal.js';
import { LiveOverviewService } from '../metrics/live-overview.service.js';
import { teamScope, teamsOf } from '../auth/team-scope.js';
import { feedRooms, overviewRoom, parseOverviewSubscription } from '../metrics/overview-subscription.js';
import { parseCookies } from './cookies.js';

interface SocketData {
  principal: Principal;
  overviewRoom?: string;
}
type LiveServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/** Every socket of a user, and of one of their sessions: what ends when those sessions end. */
const userRoom = (userId: string) => `user:${userId}`;
const sessionRoom = (sessionId: string) => `session:${sessionId}`;

/**
 * The socket: authenticated once at the handshake (the session cookie), rooms joined on the
 * client's subscribe messages, and a typed `send(event, room, payload)` through which the domain
 * services push (the live overview now; new flags and anomalies next). Each API instance sends to
 * its own sockets (server.local); the Redis adapter carries room broadcasts across instances.
 */
@WebSocketGateway()
export class LiveGateway implements OnGatewayInit, LiveChannel {
  @WebSocketServer() private server!: LiveServer;

  constructor(
    private readonly auth: AuthService,
    private readonly overview: LiveOverviewService,
    private readonly flags: LiveFlagsService,
    private readonly anomalies: LiveAnomaliesService,
  ) {}

  afterInit(server: LiveServer): void {
    server.use((socket, next) => {
      const token = parseCookies(socket.handshake.headers.cookie)[SESSION_COOKIE];
      (token ? this.auth.principalForSession(token) : Promise.resolve(null)).then(
        (principal) => {
          if (!principal || !can(principal.role, 'overview.read') || principal.kind !== 'user')
            return next(new Error('unauthorized'));
          socket.data.principal = principal;
          void socket.join([userRoom(principal.user.id), sessionRoom(principal.sessionId)]);
          next();
        },
        () => next(new Error('unavailable')),
      );
    });
    this.overview.attach(this);
    this.flags.attach(this);
    this.anomalies.attach(this);
    // Sessions ended, a user deactivated or their role or teams changed: their sockets on this
    // instance end now (every instance hears the same message). The dashboard reconnects if its
    // session still holds, with the user's rights as they are now.
    this.auth.onRevoked((message) => {
      if (message.kind !== 'user') return;
      const room = message.sessionId ? sessionRoom(message.sessionId) : userRoom(message.userId);
      server.local.in(room).disconnectSockets(true);
    });
  }

  send<E extends keyof ServerToClientEvents>(
    event: E,
    room: string,
    payload: Parameters<ServerToClientEvents[E]>[0],
  ): void {
    // socket.io's emit types its arguments per event; the map above already did.
    (this.server.local.to(room).emit as (event: string, payload: unknown) => boolean)(event, payload);
  }

  hasMembers(room: string): boolean {
    return (this.server.of('/').adapter.rooms.get(room)?.size ?? 0) > 0;
  }

  @SubscribeMessage(SOCKET_EVENTS.overviewSubscribe)
  async subscribeOverview(
    @ConnectedSocket() socket: LiveSocket,
    @MessageBody() body: unknown,
  ): Promise<void> {
    const parsed = parseOverviewSubscription(body);
    if (!parsed.ok) {
      socket.emit(SOCKET_EVENTS.subscriptionError, { message: parsed.message });
      return;
    }
    // A user limited to teams watches their teams only (see team-scope.ts and overviewRoom).
    const scope = teamScope(socket.data.principal, parsed.view.team);
    if (!scope.ok) {
      socket.emit(SOCKET_EVENTS.subscriptionError, { message: `team: ${scope.message}` });
      return;
    }
    const room = overviewRoom(parsed.view, scope.teams);
    if (socket.data.overviewRoom && socket.data.overviewRoom !== room)
      await socket.leave(socket.data.overviewRoom);
    socket.data.overviewRoom = room;
    await socket.join(room);
    try {
      socket.emit(SOCKET_EVENTS.overviewSnapshot, {
        ...(await this.overview.subscribe(room, parsed.view, scope.teams)),
        room,
      });
    } catch (error) {
      socket.emit(SOCKET_EVENTS.subscriptionError, { message: (error as Error).message });
    }
  }

  @SubscribeMessage(SOCKET_EVENTS.overviewUnsubscribe)
  async unsubscribeOverview(@ConnectedSocket() socket: LiveSocket): Promise<void> {
    if (socket.data.overviewRoom) await socket.leave(socket.data.overviewRoom);
    socket.data.overviewRoom = undefined;
  }

  /** New flags: only for users who may read the review queue, and only their teams' flags. */
  @SubscribeMessage(SOCKET_EVENTS.flagsSubscribe)
  async subscribeFlags(@ConnectedSocket() socket: LiveSocket): Promise<void> {
    if (!can(socket.data.principal.role, 'flags.read')) {
      socket.emit(SOCKET_EVENTS.subscriptionError, { message: 'flags: you may not read the review queue' });
      return;
    }
    await socket.join(flagRooms(teamsOf(socket.data.principal)));
  }

  /** New anomalies: every socket may (overview.read is checked at the handshake), of the series its user sees. */
  @SubscribeMessage(SOCKET_EVENTS.anomaliesSubscribe)
  async subscribeAnomalies(@ConnectedSocket() socket: LiveSocket): Promise<void> {
    await socket.join(anomalyRooms(teamsOf(socket.data.principal)));
  }

  @SubscribeMessage(SOCKET_EVENTS.feedSubscribe)
  async subscribeFeed(@ConnectedSocket() socket: LiveSocket): Promise<void> {
    await socket.join(feedRooms(teamsOf(socket.data.principal)));
  }
}
