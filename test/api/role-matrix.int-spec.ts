import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import {
  PERMISSIONS,
  SOCKET_EVENTS,
  USER_ROLES,
  can,
  type ClientToServerEvents,
  type OverviewSubscription,
  type Permission,
  type ServerToClientEvents,
  type UserRole,
} from '@vigil/contracts';
import { ApiClient } from '../support/client';
import { createTestDatabase, testQueuePrefix, type TestDatabase } from '../support/database';
import { TEST_INGEST_KEY, startStack, waitFor, type Stack } from '../support/stack';
import { addUser, signIn, signInAs } from '../support/users';

/**
 * The role × route matrix: every route of the running API (its own route table, see
 * test/support/api-with-route-table.mjs), called as no one, as an ingest key and as each role,
 * must answer as DESIGN.md's role table says — 401 for no one, 403 for a caller whose role lacks the
 * route's permission, and neither for one who has it. Then the same for the socket.
 */

type Caller = 'no one' | 'ingest' | UserRole;
const CALLERS: Caller[] = ['no one', 'ingest', ...USER_ROLES];

/** DESIGN.md's role table ("Security model"), written out here so that a change to roles.ts shows up. */
const WHO_MAY: Record<Permission, Caller[]> = {
  'conversations.ingest': ['ingest'],
  'overview.read': ['admin', 'manager', 'compliance', 'trainer'],
  'conversations.read': ['admin', 'manager', 'compliance', 'trainer'],
  'flags.read': ['admin', 'manager', 'compliance'],
  'flags.work': ['admin', 'compliance'],
  'conversations.readUnredacted': ['admin', 'compliance'],
  'reports.build': ['admin', 'manager', 'trainer'],
  'settings.users': ['admin'],
  'settings.keys': ['admin'],
  'settings.policies': ['admin', 'compliance'],
  'settings.topics': ['admin'],
  'settings.scorecard': ['admin', 'trainer'],
  'settings.alerts': ['admin', 'manager'],
  'settings.retention': ['admin'],
  // Not a row of DESIGN.md's table: erasure requests are handled by compliance officers, as admins may.
  'conversations.erase': ['admin', 'compliance'],
  'audit.read': ['admin', 'compliance'],
};

/** Reachable without signing in. */
const PUBLIC = 'public';

/**
 * Every route the API has, with the permission it needs (several: any one of them will do).
 * A route missing here fails the test: add one line for it. HEAD routes follow their GET.
 */
const ROUTES: Record<string, typeof PUBLIC | Permission | Permission[]> = {
  'GET /api/v1/health': PUBLIC,

  'GET /api/v1/auth/providers': PUBLIC,
  'POST /api/v1/auth/login': PUBLIC,
  'POST /api/v1/auth/logout': 'overview.read',
  'GET /api/v1/auth/me': 'overview.read',
  'GET /api/v1/auth/oidc': PUBLIC,
  'GET /api/v1/auth/oidc/callback': PUBLIC,
  'POST /api/v1/auth/password': 'overview.read',
  'GET /api/v1/auth/sessions': 'overview.read',
  'POST /api/v1/auth/sessions/end-all': 'overview.read',
  'DELETE /api/v1/auth/sessions/:id': 'overview.read',

  // An invitation link is the credential: whoever holds it may read whom it is for and use it.
  'GET /api/v1/invitations/:token': PUBLIC,
  'POST /api/v1/invitations/:token': PUBLIC,

  'GET /api/v1/users': 'settings.users',
  'POST /api/v1/users': 'settings.users',
  'PATCH /api/v1/users/:id': 'settings.users',
  'POST /api/v1/users/:id/password-reset': 'settings.users',
  'GET /api/v1/teams': 'overview.read',

  'POST /api/v1/conversations': 'conversations.ingest',
  'POST /api/v1/conversations/bulk': 'conversations.ingest',
  'GET /api/v1/conversations': 'conversations.read',
  'GET /api/v1/conversations/:id': 'conversations.read',
  'GET /api/v1/conversations/:id/unredacted': 'conversations.readUnredacted',

  'GET /api/v1/metrics/overview': 'overview.read',
  'GET /api/v1/metrics/qa-criteria': 'overview.read',

  'GET /api/v1/settings/engine-config': ['settings.topics', 'settings.scorecard', 'settings.policies'],
  'GET /api/v1/settings/engine-config/versions': [
    'settings.topics',
    'settings.scorecard',
    'settings.policies',
  ],
  'GET /api/v1/settings/engine-config/versions/:version': [
    'settings.topics',
    'settings.scorecard',
    'settings.policies',
  ],
  'POST /api/v1/settings/engine-config/versions/:version/restore': 'settings.topics',
  'GET /api/v1/settings/engine-config/export': ['settings.topics', 'settings.scorecard', 'settings.policies'],
  'PUT /api/v1/settings/engine-config/topics': 'settings.topics',
  'PUT /api/v1/settings/engine-config/scorecard': 'settings.scorecard',
  'PUT /api/v1/settings/engine-config/policies': 'settings.policies',
  'PUT /api/v1/settings/engine-config/fraud': 'settings.policies',
  'POST /api/v1/settings/engine-config/import': 'settings.topics',

  'POST /api/v1/settings/rescore': ['settings.topics', 'settings.scorecard', 'settings.policies'],
  'GET /api/v1/settings/rescore': ['settings.topics', 'settings.scorecard', 'settings.policies'],
  'GET /api/v1/settings/rescore/:id': ['settings.topics', 'settings.scorecard', 'settings.policies'],

  'GET /api/v1/settings/topic-discovery': 'settings.topics',
  'POST /api/v1/settings/topic-discovery': 'settings.topics',
  'GET /api/v1/settings/topic-discovery/:id': 'settings.topics',
  'POST /api/v1/settings/topic-discovery/:id/candidates/:candidate/adopt': 'settings.topics',

  'GET /api/v1/settings/retention': 'settings.retention',
  'PUT /api/v1/settings/retention': 'settings.retention',
  'POST /api/v1/settings/retention/run': 'settings.retention',

  'POST /api/v1/erasures': 'conversations.erase',
  'GET /api/v1/erasures': 'conversations.erase',

  'GET /api/v1/ingest-keys': 'settings.keys',
  'POST /api/v1/ingest-keys': 'settings.keys',
  'POST /api/v1/ingest-keys/:id/revoke': 'settings.keys',

  'GET /api/v1/flags': 'flags.read',
  'GET /api/v1/flags/overview': 'flags.read',
  'GET /api/v1/fraud/conversations': 'flags.read',
  'GET /api/v1/fraud/overview': 'flags.read',
  'GET /api/v1/flags/:id': 'flags.read',
  'POST /api/v1/flags/bulk': 'flags.work',
  'POST /api/v1/flags/:id/assign': 'flags.work',
  'POST /api/v1/flags/:id/decision': 'flags.work',
  'POST /api/v1/flags/:id/comments': 'flags.work',

  'GET /api/v1/anomalies': 'overview.read',
  'GET /api/v1/anomalies/:id': 'overview.read',
  'GET /api/v1/fraud/campaigns': 'flags.read',
  'GET /api/v1/fraud/campaigns/:id': 'flags.read',

  'GET /api/v1/audit': 'audit.read',
  'GET /api/v1/audit.csv': 'audit.read',

  'GET /api/v1/reports/coaching': 'reports.build',
  'GET /api/v1/reports/coaching.csv': 'reports.build',
  'GET /api/v1/reports/coaching.pdf': 'reports.build',
  'GET /api/v1/reports/coaching/notes': 'reports.build',
  'POST /api/v1/reports/coaching/notes': 'reports.build',
  'GET /api/v1/reports/runs/:id': 'reports.build',
  'GET /api/v1/reports/runs/:id/file': 'reports.build',
  'GET /api/v1/reports/subscriptions': 'reports.build',
  'POST /api/v1/reports/subscriptions': 'reports.build',
  'DELETE /api/v1/reports/subscriptions/:id': 'reports.build',

  'GET /api/v1/alerts/rules': 'settings.alerts',
  'POST /api/v1/alerts/rules': 'settings.alerts',
  'GET /api/v1/alerts/rules/:id': 'settings.alerts',
  'PUT /api/v1/alerts/rules/:id': 'settings.alerts',
  'DELETE /api/v1/alerts/rules/:id': 'settings.alerts',
  'POST /api/v1/alerts/rules/:id/test': 'settings.alerts',
  'GET /api/v1/alerts/deliveries': 'settings.alerts',

  // The OpenAPI description and its viewer describe the API; they hold no data.
  'GET /api/docs': PUBLIC,
  'GET /api/docs/': PUBLIC,
  'GET /api/docs/*': PUBLIC,
  'GET /api/docs/index.html': PUBLIC,
  'GET /api/docs/LICENSE': PUBLIC,
  'GET /api/docs/swagger-ui-init.js': PUBLIC,
  'GET /api/docs/docs/swagger-ui-init.js': PUBLIC,
  'GET /api/docs-json': PUBLIC,
  'GET /api/docs-yaml': PUBLIC,
};

/** A syntactically valid value for each path parameter (nothing needs to exist: 404 is an answer too). */
const PARAMS: Record<string, string> = {
  id: '00000000-0000-4000-8000-000000000000',
  version: '999999',
  candidate: 'candidate.nothing_here',
  token: 'not-an-invitation',
  '*': 'index.html',
};

/** The dashboard's built files, which the API serves outside /api to everyone. */
const WEB_BUILD = join(__dirname, '..', '..', 'apps', 'web', 'build');

type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

describe('the role × route matrix', () => {
  let db: TestDatabase;
  let stack: Stack;
  let routes: string[];
  const clients = new Map<Caller, ApiClient>();

  beforeAll(async () => {
    db = await createTestDatabase();
    stack = await startStack({
      databaseUrl: db.url,
      queuePrefix: testQueuePrefix(),
      apiScript: 'test/support/api-with-route-table.mjs',
      env: { VIGIL_LOGIN_RATE_LIMIT_PER_MINUTE: '1000' },
    });
    const line = await waitFor('the route table', () =>
      stack.api
        .output()
        .split('\n')
        .find((l) => l.startsWith('ROUTES ')),
    );
    routes = JSON.parse(line.slice('ROUTES '.length)) as string[];
    clients.set('no one', new ApiClient(stack.url));
    clients.set('ingest', ApiClient.ingest(stack.url));
    for (const role of USER_ROLES) clients.set(role, await signInAs(stack.url, db.url, role));
  });
  afterAll(async () => {
    await stack?.stop();
    await db?.drop();
  });

  it("holds DESIGN.md's role table in packages/contracts/src/roles.ts", () => {
    for (const permission of PERMISSIONS) {
      for (const caller of CALLERS.filter((c): c is UserRole | 'ingest' => c !== 'no one')) {
        expect([permission, caller, can(caller, permission)]).toEqual([
          permission,
          caller,
          WHO_MAY[permission].includes(caller),
        ]);
      }
    }
  });

  const pathOfRoute = (route: string) => route.slice(route.indexOf(' ') + 1);

  it('lists every route the API has, and no route it does not have', () => {
    const api = routes.filter((r) => pathOfRoute(r).startsWith('/api'));
    const has = new Set(api);
    const headOfGet = (r: string) => r.startsWith('HEAD ') && has.has(`GET ${pathOfRoute(r)}`);
    expect(api.filter((r) => !(r in ROUTES) && !headOfGet(r))).toEqual([]);
    expect(Object.keys(ROUTES).filter((r) => !has.has(r))).toEqual([]);
    // Outside /api the API serves only the dashboard's built files (when it is built).
    const outside = routes.filter((r) => !has.has(r));
    expect(outside.filter((r) => !existsSync(join(WEB_BUILD, pathOfRoute(r))))).toEqual([]);
  });

  /** The route's path with every parameter filled in. */
  function pathOf(route: string): string {
    return pathOfRoute(route).replace(/:(\w+)|\*/g, (whole, name: string | undefined) => {
      const value = PARAMS[name ?? whole];
      if (value === undefined) throw new Error(`add a dummy value for ${whole} (${route}) to PARAMS`);
      return value;
    });
  }

  function expected(rule: (typeof ROUTES)[string], caller: Caller): 'allowed' | 401 | 403 {
    if (rule === PUBLIC) return 'allowed';
    if (caller === 'no one') return 401;
    const permissions = Array.isArray(rule) ? rule : [rule];
    return permissions.some((p) => WHO_MAY[p].includes(caller)) ? 'allowed' : 403;
  }

  it.each(Object.keys(ROUTES))('%s answers each caller as the role table says', async (route) => {
    const method = route.slice(0, route.indexOf(' '));
    const path = pathOf(route);
    const answers: Record<string, number | string> = {};
    const wanted: Record<string, number | string> = {};
    for (const caller of CALLERS) {
      const client = clients.get(caller)!;
      const { status } = await client.request(method, path);
      const want = expected(ROUTES[route]!, caller);
      // Allowed: anything but the guard's refusals (an empty body's 400, a dummy id's 404 are fine).
      answers[caller] = want === 'allowed' && status !== 401 && status !== 403 ? 'allowed' : status;
      wanted[caller] = want;
      // A route that ends the caller's session (sign out): sign in again for the next route.
      if (USER_ROLES.includes(caller as UserRole) && method !== 'GET') {
        if ((await client.get('/api/v1/auth/me')).status === 401) {
          clients.set(caller, await signInAs(stack.url, db.url, caller as UserRole));
        }
      }
    }
    expect(answers).toEqual(wanted);
  });

  describe('the socket', () => {
    const sockets: LiveSocket[] = [];
    afterAll(() => sockets.forEach((s) => s.disconnect()));

    const connect = (headers: Record<string, string>): LiveSocket => {
      const socket: LiveSocket = io(stack.url, {
        path: '/socket.io',
        transports: ['websocket'],
        extraHeaders: headers,
        reconnection: false,
      });
      sockets.push(socket);
      return socket;
    };
    const refusal = (socket: LiveSocket) =>
      new Promise<string>((resolve, reject) => {
        socket.on('connect_error', (error) => resolve(error.message));
        socket.on('connect', () => reject(new Error('the socket was let in')));
      });

    it('refuses a socket without a session at the handshake', async () => {
      expect(await refusal(connect({}))).toBe('unauthorized');
    });

    it('refuses an ingest key at the handshake', async () => {
      expect(await refusal(connect({ authorization: `Bearer ${TEST_INGEST_KEY}` }))).toBe('unauthorized');
    });

    it.each(USER_ROLES)('lets the role %s subscribe to the live overview', async (role) => {
      const socket = connect({ cookie: clients.get(role)!.cookieHeader });
      const snapshot = new Promise<{ room: string }>((resolve, reject) => {
        socket.on(SOCKET_EVENTS.overviewSnapshot, resolve);
        socket.on(SOCKET_EVENTS.subscriptionError, (e) => reject(new Error(e.message)));
        socket.on('connect_error', reject);
      });
      socket.emit(SOCKET_EVENTS.overviewSubscribe, { windowMinutes: 60 });
      expect((await snapshot).room).toBe('overview:60::');
    });

    it.each(USER_ROLES)('lets the role %s hear of new flags only with flags.read', async (role) => {
      const socket = connect({ cookie: clients.get(role)!.cookieHeader });
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', resolve);
        socket.once('connect_error', reject);
      });
      // A refusal comes back as an error; an accepted subscription is silent, so a second message
      // that always answers (an overview subscription) tells that the first was handled.
      const answer = new Promise<string>((resolve) => {
        socket.once(SOCKET_EVENTS.subscriptionError, (e) => resolve(`refused: ${e.message}`));
        socket.once(SOCKET_EVENTS.overviewSnapshot, () => resolve('accepted'));
      });
      socket.emit(SOCKET_EVENTS.flagsSubscribe);
      socket.emit(SOCKET_EVENTS.overviewSubscribe, { windowMinutes: 60 });
      expect(await answer).toEqual(
        can(role, 'flags.read') ? 'accepted' : expect.stringMatching(/^refused: flags/),
      );
    });

    it('keeps a user limited to teams to their teams’ rooms', async () => {
      const manager = await addUser(clients.get('admin')!, 'manager', { teams: ['billing'] });
      const socket = connect({ cookie: (await signIn(stack.url, manager.email)).cookieHeader });
      const answer = (view: OverviewSubscription) =>
        new Promise<string>((resolve) => {
          socket.once(SOCKET_EVENTS.overviewSnapshot, (snapshot) => resolve(`room ${snapshot.room}`));
          socket.once(SOCKET_EVENTS.subscriptionError, (e) => resolve(`refused: ${e.message}`));
          socket.emit(SOCKET_EVENTS.overviewSubscribe, view);
        });
      expect(await answer({ windowMinutes: 60, team: 'billing' })).toBe('room overview:60:billing:');
      expect(await answer({ windowMinutes: 60, team: 'sales' })).toMatch(/^refused/);
      // Their view of "all" is a room of their teams, never the all-teams room of the roles above.
      expect(await answer({ windowMinutes: 60 })).not.toBe('room overview:60::');
    });
  });
});
