import type { DataSource } from 'typeorm';
import type { IngestKeySummary } from '@vigil/contracts';
import { ApiKeyEntity } from '../entities/api-key.entity';

/** What authenticating an ingest key needs to know about it. */
export interface ActiveIngestKey {
  id: string;
  name: string;
  source: string | null;
}

function toSummary(key: ApiKeyEntity): IngestKeySummary {
  return {
    id: key.id,
    name: key.name,
    prefix: key.prefix,
    source: key.source,
    createdAt: key.createdAt.toISOString(),
    createdBy: key.createdBy,
    lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
    revokedAt: key.revokedAt?.toISOString() ?? null,
  };
}

/** Ingest keys: stored by their SHA-256 and a short prefix, never the key itself. */
export class IngestKeyRepository {
  constructor(private readonly dataSource: DataSource) {}

  private get keys() {
    return this.dataSource.getRepository(ApiKeyEntity);
  }

  /** Store a key by its hash unless it is stored already (the key of the first start); true when added. */
  async addIfAbsent(name: string, keyHash: string, prefix: string): Promise<boolean> {
    const inserted = await this.dataSource.query(
      `INSERT INTO api_key (name, key_hash, prefix) VALUES ($1, $2, $3)
       ON CONFLICT (key_hash) DO NOTHING RETURNING id`,
      [name, keyHash, prefix],
    );
    return inserted.length > 0;
  }

  async create(key: {
    name: string;
    source: string | null;
    keyHash: string;
    prefix: string;
    createdBy: string;
  }): Promise<IngestKeySummary> {
    return toSummary(await this.keys.save(this.keys.create(key)));
  }

  /** A key that exists and is not revoked. */
  async findActive(keyHash: string): Promise<ActiveIngestKey | null> {
    const key = await this.keys.findOne({
      where: { keyHash },
      select: { id: true, name: true, source: true, revokedAt: true },
    });
    return key && !key.revokedAt ? { id: key.id, name: key.name, source: key.source } : null;
  }

  /** Every key, revoked ones included, newest first. */
  async list(): Promise<IngestKeySummary[]> {
    return (await this.keys.find({ order: { createdAt: 'DESC', id: 'ASC' } })).map(toSummary);
  }

  /**
   * Revoke a key; revoking it again changes nothing. Null when there is no such key; `revoked` says
   * whether this call is the one that revoked it.
   */
  async revoke(id: string): Promise<{ key: IngestKeySummary; revoked: boolean } | null> {
    const { affected } = await this.keys
      .createQueryBuilder()
      .update()
      .set({ revokedAt: () => 'now()' })
      .where('id = :id AND revoked_at IS NULL', { id })
      .execute();
    const key = await this.keys.findOneBy({ id });
    return key ? { key: toSummary(key), revoked: (affected ?? 0) > 0 } : null;
  }

  async markUsed(id: string, at: Date): Promise<void> {
    await this.dataSource.query(
      `UPDATE api_key SET last_used_at = $2 WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < $2)`,
      [id, at],
    );
  }
}
