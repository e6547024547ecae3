import { Client } from 'pg';
import type { UserRole } from '@vigil/contracts';
import { hashPassword } from '@vigil/data';
import { ApiClient } from './client';

export const TEST_PASSWORD = 'a-long-test-password';

/** A user of the given role, created straight in the database (user management has no API yet). */
export async function createUser(databaseUrl: string, role: UserRole): Promise<{ email: string }> {
  const email = `${role}-${Date.now()}@example.com`;
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
  const client = new ApiClient(baseUrl);
  const res = await client.post('/api/v1/auth/login', { email, password: TEST_PASSWORD });
  if (res.status !== 200) throw new Error(`login as ${role} failed: ${res.status}`);
  return client;
}
