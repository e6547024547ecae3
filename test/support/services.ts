/** Where the real services for tests are: this machine's Postgres and Redis unless told otherwise. */
export const TEST_POSTGRES_URL =
  process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * Databases are named after the Jest run that made them (its process id, which global-setup puts in
 * the environment the test workers inherit), so concurrent runs never drop each other's.
 */
export const TEST_RUN = process.env.VIGIL_TEST_RUN ?? String(process.pid);
export const DATABASE_PREFIX = 'vigil_test_';
export const templateDatabase = (run = TEST_RUN) => `${DATABASE_PREFIX}${run}_template`;

export function databaseUrl(name: string): string {
  const url = new URL(TEST_POSTGRES_URL);
  url.pathname = `/${name}`;
  return url.toString();
}
