import { Injectable, Logger, NotFoundException } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EngineConfig, EngineConfigVersion, QaScorecard, TopicsConfig } from '@vigil/contracts';
import { EngineConfigRepository, type EngineConfigSummary } from '@vigil/data';

/**
 * The scoring engine's configuration (taxonomy and scorecard) as versions: every change is a new
 * version; the highest is in force. Workers read it; scores record the version that made them.
 */
@Injectable()
export class EngineConfigService {
  private readonly logger = new Logger('EngineConfig');

  constructor(private readonly repository: EngineConfigRepository) {}

  /** First start: the shipped defaults become version 1 (once, however many API instances start). */
  async ensureInitial(): Promise<void> {
    if (await this.repository.ensureFirstVersion('shipped defaults'))
      this.logger.log('stored the default taxonomy and scorecard as configuration version 1');
  }

  current(): Promise<EngineConfigVersion> {
    return this.repository.inForce();
  }

  async get(version: number): Promise<EngineConfigVersion> {
    const found = await this.repository.find(version);
    if (!found) throw new NotFoundException(`No configuration version ${version}`);
    return found;
  }

  history(): Promise<EngineConfigSummary[]> {
    return this.repository.history(100);
  }

  /** An earlier version in force again, as a new version (history is never rewritten). */
  async restore(version: number, by: string): Promise<EngineConfigVersion> {
    const { config } = await this.get(version);
    return this.save(() => config, by, `restored version ${version}`);
  }

  /** The configuration in force as one document, for backup or another installation. */
  async exportDocument(): Promise<EngineConfig & { version: number }> {
    const { version, config } = await this.current();
    return { version, ...config };
  }

  saveTopics(topics: TopicsConfig, by: string, note?: string): Promise<EngineConfigVersion> {
    return this.save((c) => ({ ...c, topics }), by, note);
  }

  saveScorecard(scorecard: QaScorecard, by: string, note?: string): Promise<EngineConfigVersion> {
    return this.save((c) => ({ ...c, scorecard }), by, note);
  }

  /** Replaces taxonomy and scorecard at once. */
  import(config: EngineConfig, by: string, note?: string): Promise<EngineConfigVersion> {
    return this.save(() => config, by, note ?? 'imported');
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
    return this.repository.save(change, by, note, alongside);
  }
}
