// First-run credentials: the first admin and an ingest key, from the environment or generated once
// and kept in .vigil/first-run.json (mode 0600) so every later start passes the same ones.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

// The API validates VIGIL_INIT_ADMIN_EMAIL as an e-mail with a dotted domain, so not "admin@localhost".
export const DEFAULT_ADMIN_EMAIL = 'admin@vigil.local';

/** 16 url-safe random characters. */
export const randomPassword = () => crypto.randomBytes(12).toString('base64url');
/** `vk_` + 32 url-safe random characters. */
export const randomIngestKey = () => `vk_${crypto.randomBytes(24).toString('base64url')}`;

export function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    if (error.code === 'ENOENT') return undefined;
    throw new Error(`${file} is not valid JSON (${error.message}); fix or delete it`);
  }
}

export function writeSecretJson(file, value) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600 });
  fs.chmodSync(file, 0o600);
}

/**
 * Returns { adminEmail, adminPassword, ingestKey, from: { ...: 'env' | 'file' | 'generated' }, file }.
 * A value set in the environment wins and is never written to the file.
 */
export function firstRunCredentials(vigilDir, env = process.env) {
  const file = path.join(vigilDir, 'first-run.json');
  const saved = readJson(file) ?? {};
  const fields = [
    ['adminEmail', 'VIGIL_INIT_ADMIN_EMAIL', () => DEFAULT_ADMIN_EMAIL],
    ['adminPassword', 'VIGIL_INIT_ADMIN_PASSWORD', randomPassword],
    ['ingestKey', 'VIGIL_INIT_INGEST_KEY', randomIngestKey],
  ];
  const result = { from: {}, file };
  let changed = false;
  for (const [field, envName, generate] of fields) {
    if (env[envName]) {
      result[field] = env[envName];
      result.from[field] = 'env';
    } else if (typeof saved[field] === 'string' && saved[field]) {
      result[field] = saved[field];
      result.from[field] = 'file';
    } else {
      result[field] = saved[field] = generate();
      result.from[field] = 'generated';
      changed = true;
    }
  }
  if (changed) writeSecretJson(file, { ...saved, createdAt: saved.createdAt ?? new Date().toISOString() });
  return result;
}
