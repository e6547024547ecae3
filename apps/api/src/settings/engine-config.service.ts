import { Injectable, Logger, NotFoundException } from '@nestjs/common';
import { DataSource, type EntityManager, type Repository } from 'typeorm';
import { withVersion, type EngineConfig, type EngineConfigVersion } from '@vigil/contracts';
import { DEFAULT_ENGINE_CONFIG } from '@vigil/engine';
import { EngineConfigEntity } from '@vigil/data';

type EngineConfigSummary = Omit<EngineConfigVersion, 'config'>;

function toVersion(
  e: Pick<EngineConfigEntity, 'version' | 'config' | 'createdAt' | 'createdBy' | 'note'>,
): EngineConfigVersion {
  return {
    version: e.version,
    config: withVersion(e.config, e.version),
    createdAt: e.createdAt.toISOString(),
    createdBy: e.createdBy,
    note: e.note,
  };
}

/**
 * The scoring engine's configuration (taxonomy and scorecard) as versions: every change is a new
 * version; the highest is in force. Workers read it; scores record the version that made them.
 */
@Injectable()
export class EngineConfigService {
  private readonly logger = new Logger('EngineConfig');

  constructor(private readonly dataSource: DataSource) {}

  /** First start: the shipped defaults become version 1 (once, however many API instances start). */
  async ensureInitial(): Promise<void> {
    await this.withLatest(async (versions, latest) => {
      if (latest) return;
      await versions.save({ config: DEFAULT_ENGINE_CONFIG, createdBy: null, note: 'shipped defaults' });
      this.logger.log('stored the default taxonomy and scorecard as configuration version 1');
    });
  }

  async current(): Promise<EngineConfigVersion> {
    const [latest] = await this.dataSource
      .getRepository(EngineConfigEntity)
      .find({ order: { version: 'DESC' }, take: 1 });
    return toVersion(
      latest ?? {
        version: 0,
        config: DEFAULT_ENGINE_CONFIG,
        createdAt: new Date(0),
        createdBy: null,
        note: null,
      },
    );
  }

  async get(version: number): Promise<EngineConfigVersion> {
    const stored = version >= 1 && version <= 2 ** 31 - 1; // the column is an int
    const row = stored
      ? await this.dataSource.getRepository(EngineConfigEntity).findOneBy({ version })
      : null;
    if (!row) throw new NotFoundException(`No configuration version ${version}`);
    return toVersion(row);
  }

  async history(): Promise<EngineConfigSummary[]> {
    const rows = await this.dataSource.getRepository(EngineConfigEntity).find({
      order: { version: 'DESC' },
      take: 100,
      select: { version: true, createdAt: true, createdBy: true, note: true },
    });
    return rows.map((r) => ({
      version: r.version,
      createdAt: r.createdAt.toISOString(),
      createdBy: r.createdBy,
      note: r.note,
    }));
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
          config: change(latest?.config ?? DEFAULT_ENGINE_CONFIG),
          createdBy: by,
          note: note ?? null,
        }),
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
