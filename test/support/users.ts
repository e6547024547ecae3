import { Client } from 'pg';
import type { UserCreated, UserRole } from '@vigil/contracts';
import { hashPassword } from '@vigil/data';
import { ApiClient } from './client';

export const TEST_PASSWORD = 'a-long-test-password';

let counter = 0;
const uniqueEmail = (role: string) => `${role}-${Date.now()}-${++counter}@example.com`;

/**
 * A user of the given role, created straight in the database: quick set-up for suites about
 * something else. Suites about users go through the users API (`addUser`), as an admin would.
 */
export async function createUser(databaseUrl: string, role: UserRole): Promise<{ email: string }> {
  const email = uniqueEmail(role);
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`INSERT INTO app_user (email, name, role, password_hash) VALUES ($1, $2, $3, $4)`, [
      email,
      role,
      role,
      await hashPassword(TEST_PASSWORD),
    ]);
  } finally {
    await client.end();
  }
  return { email };
}

export async function signInAs(baseUrl: string, databaseUrl: string, role: UserRole): Promise<ApiClient> {
  const { email } = await createUser(databaseUrl, role);
  return signIn(baseUrl, email, TEST_PASSWORD);
}

/** A browser session of this user. */
export async function signIn(baseUrl: string, email: string, password = TEST_PASSWORD): Promise<ApiClient> {
  const client = new ApiClient(baseUrl);
  const res = await client.post('/api/v1/auth/login', { email, password });
  if (res.status !== 200)
    throw new Error(`login as ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return client;
}

/** A user an admin adds through the users API, with TEST_PASSWORD (or `teams`, a name, an e-mail). */
export async function addUser(
  admin: ApiClient,
  role: UserRole,
  options: { teams?: string[]; name?: string; email?: string } = {},
): Promise<{ id: string; email: string }> {
  const email = options.email ?? uniqueEmail(role);
  const res = await admin.post('/api/v1/users', {
    email,
    name: options.name ?? `Test ${role}`,
    role,
    password: TEST_PASSWORD,
    ...(options.teams ? { teams: options.teams } : {}),
  });
  if (res.status !== 201)
    throw new Error(`adding a ${role} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: (res.body as UserCreated).id, email };
}
