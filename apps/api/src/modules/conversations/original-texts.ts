import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { SealedOriginal } from '@vigil/data';

/**
 * Original message texts, sealed with AES-256-GCM: a fresh 96-bit IV per conversation, the
 * authentication tag, and the conversation's (source, externalId) as additional data, so a sealed
 * original moved to another conversation's row fails to open instead of showing the wrong texts.
 */
const ALGORITHM = 'aes-256-gcm';

const boundTo = (source: string, externalId: string) => Buffer.from(`${source}\u0000${externalId}`, 'utf8');

export function sealTexts(key: Buffer, source: string, externalId: string, texts: string[]): SealedOriginal {
  const iv = randomBytes(12);
  const cipher = createCipheriv(ALGORITHM, key, iv);
  cipher.setAAD(boundTo(source, externalId));
  const ciphertext = Buffer.concat([cipher.update(JSON.stringify(texts), 'utf8'), cipher.final()]);
  return { iv, tag: cipher.getAuthTag(), ciphertext };
}

/** The texts; throws when the key is not the one they were sealed with or anything was altered. */
export function openTexts(key: Buffer, source: string, externalId: string, sealed: SealedOriginal): string[] {
  const decipher = createDecipheriv(ALGORITHM, key, sealed.iv);
  decipher.setAAD(boundTo(source, externalId));
  decipher.setAuthTag(sealed.tag);
  const plain = Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]).toString('utf8');
  return JSON.parse(plain) as string[];
}
