import type { EngineConfig } from '@vigil/contracts';
import type { EngineConfigRepository } from '@vigil/data';

export interface VersionedEngineConfig {
  version: number;
  config: EngineConfig;
}

/**
 * The engine configuration in force (see EngineConfigRepository.inForce), read at most every few
 * seconds. Version 0 stands for the shipped defaults until the API has stored the first version.
 */
export class EngineConfigSource {
  private cached: VersionedEngineConfig | null = null;
  private loadedAt = 0;

  constructor(
    private readonly repository: EngineConfigRepository,
    private readonly maxAgeMs = 5_000,
  ) {}

  async current(): Promise<VersionedEngineConfig> {
    if (this.cached && Date.now() - this.loadedAt < this.maxAgeMs) return this.cached;
    const { version, config } = await this.repository.inForce();
    if (!this.cached || this.cached.version !== version) this.cached = { version, config };
    this.loadedAt = Date.now();
    return this.cached;
  }

  /** Forget the cached version, so the next call reads the newest (a rescore must use it). */
  invalidate(): void {
    this.loadedAt = 0;
  }
}
