import { Injectable, NotFoundException } from '@nestjs/common';
import type { CreatedIngestKey, IngestKeySummary } from '@vigil/contracts';
import { IngestKeyRepository, hashToken, ingestKeyPrefix, newIngestKey } from '@vigil/data';
import { AuditService } from '../audit/audit.service.js';
import type { Requester } from '../audit/requester.js';
import { AuthService } from '../auth/auth.service.js';
import { actorOf } from '../auth/principal.js';

/** Ingest keys as admins manage them: created (shown once), listed, revoked. */
@Injectable()
export class IngestKeysService {
  constructor(
    private readonly keys: IngestKeyRepository,
    private readonly auth: AuthService,
    private readonly audit: AuditService,
  ) {}

  list(): Promise<IngestKeySummary[]> {
    return this.keys.list();
  }

  /** A new key; only its hash and prefix are stored, so this answer is the only time it is seen. */
  async create(input: { name: string; source?: string }, by: Requester): Promise<CreatedIngestKey> {
    const key = newIngestKey();
    const created = await this.keys.create({
      name: input.name,
      source: input.source ?? null,
      keyHash: hashToken(key),
      prefix: ingestKeyPrefix(key),
      createdBy: actorOf(by.principal),
    });
    await this.audit.record('key.created', by, {
      target: `key:${created.id}`,
      details: { name: created.name, prefix: created.prefix, source: created.source },
    });
    return { ...created, key };
  }

  /** Revoked in the database, then forgotten by every API instance's cache: the next request is a 401. */
  async revoke(id: string, by: Requester): Promise<IngestKeySummary> {
    const result = await this.keys.revoke(id);
    if (!result) throw new NotFoundException(`No ingest key ${id}`);
    // Also when it was revoked before: an instance that missed that message forgets it now.
    await this.auth.revoked({ kind: 'key', keyId: id });
    if (result.revoked) {
      await this.audit.record('key.revoked', by, {
        target: `key:${id}`,
        details: { name: result.key.name, prefix: result.key.prefix },
      });
    }
    return result.key;
  }
}
