import type { DataSource, EntityManager, Repository } from 'typeorm';
import { withVersion, type EngineConfig, type EngineConfigVersion } from '@vigil/contracts';
import { EngineConfigEntity } from '../entities/engine-config.entity';

function complete(config: Partial<EngineConfig>, shipped: EngineConfig): EngineConfig {
  return {
    topics: config.topics ?? shipped.topics,
    scorecard: config.scorecard ?? shipped.scorecard,
    policies: config.policies ?? shipped.policies,
    fraud: config.fraud ?? shipped.fraud,
  };
}

export type EngineConfigSummary = Omit<EngineConfigVersion, 'config'>;

/**
 * A stored version as the engine reads it. Versions stored before a part of the configuration
 * existed (the compliance policies, the fraud weights) get the shipped default of that part, so every reader sees a
 * whole document.
 */
function toVersion(
  e: Pick<EngineConfigEntity, 'version' | 'config' | 'createdAt' | 'createdBy' | 'note'>,
  shipped: EngineConfig,
): EngineConfigVersion {
  return {
    version: e.version,
    config: withVersion(complete(e.config, shipped), e.version),
    createdAt: e.createdAt.toISOString(),
    createdBy: e.createdBy,
    note: e.note,
  };
}

/**
 * The scoring engine's configuration (taxonomy, scorecard and policies) as versions: every change is a new
 * version and the highest is in force; until one is stored, the shipped defaults are in force as
 * version 0. The one place api and workers learn which configuration is in force.
 */
export class EngineConfigRepository {
  /** `shipped` is the engine's default configuration (the data layer does not import the engine). */
  constructor(
    private readonly dataSource: DataSource,
    private readonly shipped: EngineConfig,
  ) {}

  /** The configuration in force: the newest stored version, or the shipped defaults as version 0. */
  async inForce(): Promise<EngineConfigVersion> {
    const [latest] = await this.dataSource
      .getRepository(EngineConfigEntity)
      .find({ order: { version: 'DESC' }, take: 1 });
    return toVersion(
      latest ?? { version: 0, config: this.shipped, createdAt: new Date(0), createdBy: null, note: null },
      this.shipped,
    );
  }

  /** One stored version, or null. */
  async find(version: number): Promise<EngineConfigVersion | null> {
    if (!(version >= 1 && version <= 2 ** 31 - 1)) return null; // the column is an int
    const row = await this.dataSource.getRepository(EngineConfigEntity).findOneBy({ version });
    return row ? toVersion(row, this.shipped) : null;
  }

  /** The newest versions first, without their configuration. */
  async history(limit = 100): Promise<EngineConfigSummary[]> {
    const rows = await this.dataSource.getRepository(EngineConfigEntity).find({
      order: { version: 'DESC' },
      take: limit,
      select: { version: true, createdAt: true, createdBy: true, note: true },
    });
    return rows.map((r) => ({
      version: r.version,
      createdAt: r.createdAt.toISOString(),
      createdBy: r.createdBy,
      note: r.note,
    }));
  }

  /** First start: the shipped defaults become version 1, once however many API instances start. */
  ensureFirstVersion(note: string): Promise<boolean> {
    return this.withLatest(async (versions, latest) => {
      if (latest) return false;
      await versions.save({ config: this.shipped, createdBy: null, note });
      return true;
    });
  }

  /**
   * Save a change as a new version; `change` gets the configuration in force and returns the new one.
   * `alongside` runs in the same transaction after the version is stored (what else the change
   * records); if it throws, the version is not saved.
   */
  save(
    change: (current: EngineConfig) => EngineConfig,
    by: string,
    note?: string,
    alongside?: (tx: EntityManager, saved: EngineConfigVersion) => Promise<void>,
  ): Promise<EngineConfigVersion> {
    return this.withLatest(async (versions, latest) => {
      const saved = toVersion(
        await versions.save({
          config: change(latest ? complete(latest.config, this.shipped) : this.shipped),
          createdBy: by,
          note: note ?? null,
        }),
        this.shipped,
      );
      await alongside?.(versions.manager, saved);
      return saved;
    });
  }

  /** One writer at a time, so two admins' edits never silently overwrite each other's base. */
  private withLatest<T>(
    fn: (versions: Repository<EngineConfigEntity>, latest: EngineConfigEntity | undefined) => Promise<T>,
  ): Promise<T> {
    return this.dataSource.transaction(async (tx) => {
      await tx.query(`LOCK TABLE engine_config IN SHARE ROW EXCLUSIVE MODE`);
      const versions = tx.getRepository(EngineConfigEntity);
      const [latest] = await versions.find({ order: { version: 'DESC' }, take: 1 });
      return fn(versions, latest);
    });
  }
}
