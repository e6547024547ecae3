import { Client } from 'pg';
import { io, type Socket } from 'socket.io-client';
import {
  SESSION_COOKIE,
  type ClientToServerEvents,
  type InvitationLink,
  type ServerToClientEvents,
  type SessionSummary,
  type UserCreated,
  type UserSummary,
} from '@vigil/contracts';
import { ApiClient } from '../support/client';
import { createTestDatabase, testQueuePrefix, type TestDatabase } from '../support/database';
import { TEST_ADMIN, startStack, waitFor, type Stack } from '../support/stack';
import { TEST_PASSWORD, addUser, signIn } from '../support/users';

type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

interface AuditRow {
  actor: string;
  actor_id: string | null;
  action: string;
  target: string | null;
  ip: string | null;
  details: Record<string, any>;
}

/**
 * The life of a user, through the API as an admin and the user would go through it: created with a
 * password or invited, signing in, changed, deactivated (sessions and sockets end at once), reset;
 * their own password and sessions; and every step on the audit log, read from the table itself.
 */
describe('users, invitations and sessions', () => {
  let db: TestDatabase;
  let stack: Stack;
  let admin: ApiClient;
  let adminId: string;
  let sql: Client;
  const sockets: LiveSocket[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    stack = await startStack({
      databaseUrl: db.url,
      queuePrefix: testQueuePrefix(),
      // Many sign-ins from one address within a minute.
      env: { VIGIL_LOGIN_RATE_LIMIT_PER_MINUTE: '100' },
    });
    admin = await ApiClient.admin(stack.url);
    adminId = (await admin.get('/api/v1/auth/me')).body.id;
    sql = new Client({ connectionString: db.url });
    await sql.connect();
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await sql?.end();
    await stack?.stop();
    await db?.drop();
  });

  const audit = async (action: string, target?: string): Promise<AuditRow[]> =>
    (
      await sql.query<AuditRow>(
        `SELECT actor, actor_id, action, target, ip, details FROM audit_log
          WHERE action = $1 AND ($2::text IS NULL OR target = $2) ORDER BY id`,
        [action, target ?? null],
      )
    ).rows;

  const connect = (client: ApiClient): Promise<LiveSocket> => {
    const socket: LiveSocket = io(stack.url, {
      path: '/socket.io',
      transports: ['websocket'],
      extraHeaders: { cookie: client.cookieHeader },
      reconnection: false,
    });
    sockets.push(socket);
    return new Promise((resolve, reject) => {
      socket.once('connect', () => resolve(socket));
      socket.once('connect_error', reject);
    });
  };

  const tokenOf = (url: string) => new URL(url).pathname.split('/').pop()!;

  it('creates a user with a password, who can then sign in; the list shows them', async () => {
    const res = await admin.post('/api/v1/users', {
      email: 'Ilze@Example.com',
      name: 'Ilze K.',
      role: 'manager',
      teams: ['billing', 'billing', 'sales'],
      password: TEST_PASSWORD,
    });
    expect(res.status).toBe(201);
    const created = res.body as UserCreated;
    expect(created).toEqual({ id: expect.any(String) });

    const manager = await signIn(stack.url, 'ilze@example.com');
    expect((await manager.get('/api/v1/auth/me')).body).toMatchObject({
      name: 'Ilze K.',
      role: 'manager',
      teams: ['billing', 'sales'],
    });
    const listed = ((await admin.get('/api/v1/users')).body as UserSummary[]).find(
      (u) => u.id === created.id,
    );
    expect(listed).toMatchObject({
      email: 'Ilze@Example.com',
      role: 'manager',
      teams: ['billing', 'sales'],
      active: true,
      source: 'local',
      invitation: null,
      lastSignInAt: expect.any(String),
    });

    const [entry] = await audit('user.created', `user:${created.id}`);
    expect(entry).toMatchObject({ actor: TEST_ADMIN.email, actor_id: adminId, ip: '127.0.0.1' });
    expect(entry!.details).toMatchObject({
      email: 'Ilze@Example.com',
      role: 'manager',
      teams: ['billing', 'sales'],
    });
    expect(JSON.stringify(entry!.details)).not.toContain(TEST_PASSWORD);
    const signIns = await audit('auth.signedIn', `user:${created.id}`);
    expect(signIns).toEqual([
      expect.objectContaining({
        actor: 'Ilze@Example.com',
        actor_id: created.id,
        details: { method: 'password' },
      }),
    ]);
  });

  it('refuses a second user with the same e-mail, in any case, with 409 naming the field', async () => {
    const res = await admin.post('/api/v1/users', {
      email: 'ILZE@example.com',
      name: 'Other',
      role: 'trainer',
    });
    expect(res.status).toBe(409);
    expect(res.body.errors).toEqual([{ field: 'email', message: expect.any(String) }]);
  });

  it('validates a new user and names the fields', async () => {
    const bad = await admin.post('/api/v1/users', {
      email: 'not-an-email',
      name: '',
      role: 'boss',
      password: 'short',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'email',
      'name',
      'password',
      'role',
    ]);
    const noTeams = await admin.post('/api/v1/users', {
      email: 'x@example.com',
      name: 'X',
      role: 'manager',
      teams: [],
    });
    expect(noTeams.status).toBe(400);
    expect(noTeams.body.errors[0].field).toBe('teams');
    // Admins and compliance officers see every team: teams for them are refused, not ignored.
    const teamsForAdmin = await admin.post('/api/v1/users', {
      email: 'y@example.com',
      name: 'Y',
      role: 'compliance',
      teams: ['billing'],
    });
    expect(teamsForAdmin.status).toBe(400);
    expect(teamsForAdmin.body.errors).toEqual([
      { field: 'teams', message: expect.stringContaining('compliance') },
    ]);
  });

  it('invites a user with a one-time link that signs them in once they set a password', async () => {
    const res = await admin.post('/api/v1/users', {
      email: 'new.trainer@example.com',
      name: 'Nora',
      role: 'trainer',
    });
    expect(res.status).toBe(201);
    const created = res.body as UserCreated;
    expect(created.invitationUrl).toMatch(new RegExp(`^${stack.url}/invite/[A-Za-z0-9_-]{40,}$`));
    const token = tokenOf(created.invitationUrl!);
    // Only its hash is stored.
    const stored = await sql.query(`SELECT token_hash FROM invitation WHERE user_id = $1`, [created.id]);
    expect(stored.rows[0].token_hash).not.toBe(token);

    // Not yet able to sign in: there is no password.
    expect(
      (
        await new ApiClient(stack.url).post('/api/v1/auth/login', {
          email: 'new.trainer@example.com',
          password: 'any-password-at-all',
        })
      ).status,
    ).toBe(401);
    const anonymous = new ApiClient(stack.url);
    const details = await anonymous.get(`/api/v1/invitations/${token}`);
    expect(details.status).toBe(200);
    expect(details.body).toEqual({
      email: 'new.trainer@example.com',
      name: 'Nora',
      expiresAt: created.invitationExpiresAt,
    });
    const hours = (Date.parse(details.body.expiresAt) - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(71.9);
    expect(hours).toBeLessThanOrEqual(72);

    const short = await anonymous.post(`/api/v1/invitations/${token}`, { password: 'too-short' });
    expect(short.status).toBe(400);
    expect(short.body.errors).toEqual([{ field: 'password', message: 'must be at least 12 characters' }]);

    const accepted = await anonymous.post(`/api/v1/invitations/${token}`, {
      password: 'nora-chose-this-one',
    });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ email: 'new.trainer@example.com', role: 'trainer' });
    expect(accepted.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`))).toMatch(
      /HttpOnly/i,
    );
    expect((await anonymous.get('/api/v1/auth/me')).body.email).toBe('new.trainer@example.com');
    await signIn(stack.url, 'new.trainer@example.com', 'nora-chose-this-one');

    // Used: once is all.
    expect((await new ApiClient(stack.url).get(`/api/v1/invitations/${token}`)).status).toBe(410);
    const again = await new ApiClient(stack.url).post(`/api/v1/invitations/${token}`, {
      password: 'someone-else-now',
    });
    expect(again.status).toBe(410);
    expect(again.body.message).toMatch(/used already/);
    expect((await new ApiClient(stack.url).get('/api/v1/invitations/no-such-token')).status).toBe(404);

    expect(await audit('user.invited', `user:${created.id}`)).toEqual([
      expect.objectContaining({
        actor: TEST_ADMIN.email,
        details: { email: 'new.trainer@example.com', expiresAt: created.invitationExpiresAt },
      }),
    ]);
    expect(await audit('user.invitationAccepted', `user:${created.id}`)).toEqual([
      expect.objectContaining({ actor: 'new.trainer@example.com', actor_id: created.id, ip: '127.0.0.1' }),
    ]);
    expect((await audit('auth.signedIn', `user:${created.id}`)).map((e) => e.details.method)).toEqual([
      'invitation',
      'password',
    ]);
  });

  it('refuses an expired invitation with 410', async () => {
    const created = (
      await admin.post('/api/v1/users', { email: 'late@example.com', name: 'Late', role: 'manager' })
    ).body as UserCreated;
    await sql.query(`UPDATE invitation SET expires_at = now() - interval '1 minute' WHERE user_id = $1`, [
      created.id,
    ]);
    const token = tokenOf(created.invitationUrl!);
    const details = await new ApiClient(stack.url).get(`/api/v1/invitations/${token}`);
    expect(details.status).toBe(410);
    expect(details.body.message).toMatch(/expired/);
    expect(
      (
        await new ApiClient(stack.url).post(`/api/v1/invitations/${token}`, {
          password: 'a-good-long-password',
        })
      ).status,
    ).toBe(410);
    const listed = ((await admin.get('/api/v1/users')).body as UserSummary[]).find(
      (u) => u.id === created.id,
    );
    expect(Date.parse(listed!.invitation!.expiresAt)).toBeLessThan(Date.now());
  });

  it('keeps at least one active admin: the last one can neither demote nor deactivate themself', async () => {
    const demote = await admin.patch(`/api/v1/users/${adminId}`, { role: 'manager' });
    expect(demote.status).toBe(409);
    expect(demote.body.message).toMatch(/last active admin/);
    const deactivate = await admin.patch(`/api/v1/users/${adminId}`, { active: false });
    expect(deactivate.status).toBe(409);
    expect((await admin.get('/api/v1/auth/me')).body.role).toBe('admin');

    // With a second admin, either may step down; then the other is the last one.
    const second = await addUser(admin, 'admin');
    const secondAdmin = await signIn(stack.url, second.email);
    expect((await secondAdmin.patch(`/api/v1/users/${second.id}`, { role: 'manager' })).status).toBe(200);
    expect((await admin.patch(`/api/v1/users/${adminId}`, { role: 'trainer' })).status).toBe(409);
    // Renaming oneself is not stepping down.
    expect((await admin.patch(`/api/v1/users/${adminId}`, { name: 'Head admin' })).body).toMatchObject({
      name: 'Head admin',
      role: 'admin',
    });
  });

  it('applies a new role from the very next request, and clears teams for a role that sees every team', async () => {
    const { id, email } = await addUser(admin, 'manager', { teams: ['billing'] });
    const user = await signIn(stack.url, email);
    expect((await user.get('/api/v1/users')).status).toBe(403);

    const promoted = await admin.patch(`/api/v1/users/${id}`, { role: 'admin' });
    expect(promoted.status).toBe(200);
    expect(promoted.body).toMatchObject({ role: 'admin', teams: null });
    expect((await user.get('/api/v1/users')).status).toBe(200);
    expect((await user.get('/api/v1/auth/me')).body).toMatchObject({ role: 'admin', teams: null });

    expect((await admin.patch(`/api/v1/users/${id}`, { role: 'trainer', teams: ['sales'] })).status).toBe(
      200,
    );
    expect((await user.get('/api/v1/users')).status).toBe(403);
    expect((await user.get('/api/v1/auth/me')).body).toMatchObject({ role: 'trainer', teams: ['sales'] });
    const refused = await admin.patch(`/api/v1/users/${id}`, { role: 'compliance', teams: ['sales'] });
    expect(refused.status).toBe(400);
    expect(refused.body.errors[0].field).toBe('teams');

    const [, second] = await audit('user.updated', `user:${id}`);
    expect(second!.details).toEqual({
      email,
      changes: { role: { from: 'admin', to: 'trainer' }, teams: { from: null, to: ['sales'] } },
    });
    expect((await admin.patch(`/api/v1/users/${id}`, {})).status).toBe(400);
    expect(
      (await admin.patch('/api/v1/users/00000000-0000-4000-8000-000000000000', { name: 'Nobody' })).status,
    ).toBe(404);
  });

  it('ends a deactivated user’s sessions and sockets at once, and refuses their sign-in', async () => {
    const { id, email } = await addUser(admin, 'manager');
    const user = await signIn(stack.url, email);
    expect((await user.get('/api/v1/auth/me')).status).toBe(200); // cached as a valid session now
    const socket = await connect(user);
    const disconnected = new Promise<string>((resolve) => socket.on('disconnect', resolve));

    const res = await admin.patch(`/api/v1/users/${id}`, { active: false });
    expect(res.status).toBe(200);
    expect(res.body.active).toBe(false);
    expect((await user.get('/api/v1/auth/me')).status).toBe(401);
    expect(await disconnected).toBe('io server disconnect');
    expect(
      (await new ApiClient(stack.url).post('/api/v1/auth/login', { email, password: TEST_PASSWORD })).status,
    ).toBe(401);
    expect(
      (await sql.query(`SELECT count(*)::int AS n FROM session WHERE user_id = $1`, [id])).rows[0].n,
    ).toBe(0);

    const [entry] = await audit('user.updated', `user:${id}`);
    expect(entry!.details).toEqual({ email, changes: { active: { from: true, to: false } } });

    expect((await admin.patch(`/api/v1/users/${id}`, { active: true })).body.active).toBe(true);
    await signIn(stack.url, email);
  });

  it('resets a password: the old one stops working, sessions end, and a new link sets another', async () => {
    const { id, email } = await addUser(admin, 'trainer');
    const user = await signIn(stack.url, email);
    expect((await user.get('/api/v1/auth/me')).status).toBe(200);

    const res = await admin.post(`/api/v1/users/${id}/password-reset`);
    expect(res.status).toBe(200);
    const link = res.body as InvitationLink;
    expect((await user.get('/api/v1/auth/me')).status).toBe(401);
    expect(
      (await new ApiClient(stack.url).post('/api/v1/auth/login', { email, password: TEST_PASSWORD })).status,
    ).toBe(401);

    const browser = new ApiClient(stack.url);
    expect(
      (
        await browser.post(`/api/v1/invitations/${tokenOf(link.invitationUrl)}`, {
          password: 'a-fresh-long-password',
        })
      ).status,
    ).toBe(200);
    expect((await browser.get('/api/v1/auth/me')).body.email).toBe(email);
    expect(await audit('user.passwordReset', `user:${id}`)).toEqual([
      expect.objectContaining({ actor: TEST_ADMIN.email, details: { email, expiresAt: link.expiresAt } }),
    ]);
    // One's own password is changed from the account, not reset.
    expect((await admin.post(`/api/v1/users/${adminId}/password-reset`)).status).toBe(409);
  });

  it('lets only admins manage users', async () => {
    const { email } = await addUser(admin, 'compliance');
    const compliance = await signIn(stack.url, email);
    expect((await compliance.get('/api/v1/users')).status).toBe(403);
    expect(
      (await compliance.post('/api/v1/users', { email: 'z@example.com', name: 'Z', role: 'admin' })).status,
    ).toBe(403);
    expect((await compliance.patch(`/api/v1/users/${adminId}`, { active: false })).status).toBe(403);
    expect((await compliance.post(`/api/v1/users/${adminId}/password-reset`)).status).toBe(403);
    expect((await ApiClient.ingest(stack.url).get('/api/v1/users')).status).toBe(403);
    expect((await new ApiClient(stack.url).get('/api/v1/users')).status).toBe(401);
  });

  it('changes one’s own password given the current one, ending the other sessions', async () => {
    const { id, email } = await addUser(admin, 'manager');
    const here = await signIn(stack.url, email);
    const elsewhere = await signIn(stack.url, email);

    const wrong = await here.post('/api/v1/auth/password', {
      currentPassword: 'not-it',
      newPassword: 'another-long-password',
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors).toEqual([{ field: 'currentPassword', message: expect.any(String) }]);
    const short = await here.post('/api/v1/auth/password', {
      currentPassword: TEST_PASSWORD,
      newPassword: 'short',
    });
    expect(short.body.errors).toEqual([{ field: 'newPassword', message: 'must be at least 12 characters' }]);

    const res = await here.post('/api/v1/auth/password', {
      currentPassword: TEST_PASSWORD,
      newPassword: 'another-long-password',
    });
    expect(res.status).toBe(204);
    expect((await here.get('/api/v1/auth/me')).status).toBe(200);
    expect((await elsewhere.get('/api/v1/auth/me')).status).toBe(401);
    await signIn(stack.url, email, 'another-long-password');
    expect(await audit('auth.passwordChanged', `user:${id}`)).toEqual([
      expect.objectContaining({ actor: email, actor_id: id, details: { otherSessionsEnded: 1 } }),
    ]);
  });

  it('lists one’s own sessions, ends one, and signs out everywhere', async () => {
    const { id, email } = await addUser(admin, 'trainer');
    const first = await signIn(stack.url, email);
    const second = await signIn(stack.url, email);
    const firstSocket = await connect(first);
    const secondSocket = await connect(second);
    const secondGone = new Promise<void>((resolve) => secondSocket.on('disconnect', () => resolve()));

    const sessions = (await first.get('/api/v1/auth/sessions')).body as SessionSummary[];
    expect(sessions).toHaveLength(2);
    expect(sessions.filter((s) => s.current)).toHaveLength(1);
    for (const s of sessions) {
      expect(s).toMatchObject({
        ip: '127.0.0.1',
        userAgent: expect.any(String),
        lastSeenAt: expect.any(String),
      });
    }
    const other = sessions.find((s) => !s.current)!;

    // Someone else's session is none of theirs.
    expect((await admin.delete(`/api/v1/auth/sessions/${other.id}`)).status).toBe(404);
    expect((await first.delete(`/api/v1/auth/sessions/${other.id}`)).status).toBe(204);
    expect((await second.get('/api/v1/auth/me')).status).toBe(401);
    await secondGone;
    expect(firstSocket.connected).toBe(true);
    expect((await first.get('/api/v1/auth/sessions')).body).toHaveLength(1);

    const firstGone = new Promise<void>((resolve) => firstSocket.on('disconnect', () => resolve()));
    const third = await signIn(stack.url, email);
    const everywhere = await first.post('/api/v1/auth/sessions/end-all');
    expect(everywhere.status).toBe(204);
    expect(first.hasCookie(SESSION_COOKIE)).toBe(false);
    expect((await third.get('/api/v1/auth/me')).status).toBe(401);
    await firstGone;

    const ended = await audit('auth.sessionsEnded', `user:${id}`);
    expect(ended.map((e) => e.details)).toEqual([
      { sessions: [other.id], current: false },
      { all: true, count: 2 },
    ]);
  });

  it('records failed sign-ins under the e-mail tried, and sign-outs', async () => {
    await new ApiClient(stack.url).post('/api/v1/auth/login', {
      email: 'nobody@example.com',
      password: 'guess-guess',
    });
    expect(await audit('auth.signInFailed')).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ actor: 'nobody@example.com', actor_id: null, ip: '127.0.0.1' }),
      ]),
    );
    const { id, email } = await addUser(admin, 'manager');
    const user = await signIn(stack.url, email);
    expect((await user.post('/api/v1/auth/logout')).status).toBe(204);
    const [signedOut] = (await audit('auth.signedOut')).filter((e) => e.actor_id === id);
    expect(signedOut).toMatchObject({ actor: email, ip: '127.0.0.1' });
  });

  it('notes a session’s last use, at most once a minute', async () => {
    const { email } = await addUser(admin, 'manager');
    const user = await signIn(stack.url, email);
    const hourAgo = async () =>
      sql.query(
        `UPDATE session SET last_seen_at = now() - interval '1 hour' WHERE token_hash IN
                   (SELECT s.token_hash FROM session s JOIN app_user u ON u.id = s.user_id WHERE u.email = $1)`,
        [email],
      );
    const sinceSeen = async () =>
      Date.now() -
      (
        (
          await sql.query(
            `SELECT s.last_seen_at FROM session s JOIN app_user u ON u.id = s.user_id WHERE u.email = $1`,
            [email],
          )
        ).rows[0].last_seen_at as Date
      ).getTime();
    await hourAgo();
    await user.get('/api/v1/auth/me');
    await waitFor('the use to be noted', async () => (await sinceSeen()) < 60_000);
    // Noted within the minute already: the next requests do not write it again.
    await hourAgo();
    await user.get('/api/v1/auth/me');
    await user.get('/api/v1/auth/sessions');
    expect(await sinceSeen()).toBeGreaterThan(50 * 60_000);
  });
});
