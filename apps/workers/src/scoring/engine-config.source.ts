import type { DataSource } from 'typeorm';
import { withVersion, type EngineConfig } from '@vigil/contracts';
import { DEFAULT_ENGINE_CONFIG } from '@vigil/engine';

export interface VersionedEngineConfig {
  version: number;
  config: EngineConfig;
}

/**
 * The engine configuration in force: the highest stored version, read at most every few seconds.
 * Version 0 stands for the shipped defaults until the API has stored the first version.
 */
export class EngineConfigSource {
  private cached: VersionedEngineConfig | null = null;
  private loadedAt = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly maxAgeMs = 5_000,
  ) {}

  async current(): Promise<VersionedEngineConfig> {
    if (this.cached && Date.now() - this.loadedAt < this.maxAgeMs) return this.cached;
    const [row]: Array<{ version: number; config: EngineConfig }> = await this.dataSource.query(
      `SELECT version, config FROM engine_config ORDER BY version DESC LIMIT 1`,
    );
    if (!this.cached || this.cached.version !== (row?.version ?? 0)) {
      this.cached = row
        ? { version: row.version, config: withVersion(row.config, row.version) }
        : { version: 0, config: withVersion(DEFAULT_ENGINE_CONFIG, 0) };
    }
    this.loadedAt = Date.now();
    return this.cached;
  }

  /** Forget the cached version, so the next call reads the newest (a rescore must use it). */
  invalidate(): void {
    this.loadedAt = 0;
  }
}
