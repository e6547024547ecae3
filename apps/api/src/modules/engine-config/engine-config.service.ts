import { Injectable, Logger, NotFoundException } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type {
  EngineConfig,
  EngineConfigVersion,
  FraudConfig,
  PolicyDocument,
  QaScorecard,
  TopicsConfig,
} from '@vigil/contracts';
import { EngineConfigRepository, type EngineConfigSummary } from '@vigil/data';
import { AuditService } from '../audit/audit.service.js';
import type { Requester } from '../audit/requester.js';
import { actorOf } from '../auth/principal.js';

/** What a change of the configuration changed, as the audit log names it. */
export type EngineSetting =
  'topics' | 'scorecard' | 'policies' | 'fraud' | 'topics and scorecard' | 'topics, scorecard and policies';

/**
 * The scoring engine's configuration (taxonomy and scorecard) as versions: every change is a new
 * version; the highest is in force. Workers read it; scores record the version that made them.
 */
@Injectable()
export class EngineConfigService {
  private readonly logger = new Logger('EngineConfig');

  constructor(
    private readonly repository: EngineConfigRepository,
    private readonly audit: AuditService,
  ) {}

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
  async restore(version: number, by: Requester): Promise<EngineConfigVersion> {
    const { config } = await this.get(version);
    return this.save(() => config, by, {
      setting: 'topics, scorecard and policies',
      note: `restored version ${version}`,
    });
  }

  /** The configuration in force as one document, for backup or another installation. */
  async exportDocument(): Promise<EngineConfig & { version: number }> {
    const { version, config } = await this.current();
    return { version, ...config };
  }

  saveTopics(topics: TopicsConfig, by: Requester, note?: string): Promise<EngineConfigVersion> {
    return this.save((c) => ({ ...c, topics }), by, { setting: 'topics', note });
  }

  saveScorecard(scorecard: QaScorecard, by: Requester, note?: string): Promise<EngineConfigVersion> {
    return this.save((c) => ({ ...c, scorecard }), by, { setting: 'scorecard', note });
  }

  savePolicies(policies: PolicyDocument, by: Requester, note?: string): Promise<EngineConfigVersion> {
    return this.save((c) => ({ ...c, policies }), by, { setting: 'policies', note });
  }

  saveFraud(fraud: FraudConfig, by: Requester, note?: string): Promise<EngineConfigVersion> {
    return this.save((c) => ({ ...c, fraud }), by, { setting: 'fraud', note });
  }

  /** Replaces taxonomy, scorecard and policies at once; without policies, the ones in force stay. */
  import(
    config: Omit<EngineConfig, 'policies' | 'fraud'> & { policies?: PolicyDocument; fraud?: FraudConfig },
    by: Requester,
    note?: string,
  ): Promise<EngineConfigVersion> {
    return this.save(
      (c) => ({
        topics: config.topics,
        scorecard: config.scorecard,
        policies: config.policies ?? c.policies,
        fraud: config.fraud ?? c.fraud,
      }),
      by,
      {
        setting: config.policies ? 'topics, scorecard and policies' : 'topics and scorecard',
        note: note ?? 'imported',
      },
    );
  }

  /**
   * Save a change as a new version; `change` gets the configuration in force and returns the new one.
   * `alongside` runs in the same transaction after the version is stored (what else the change
   * records); if it throws, the version is not saved. The new version is on the audit log as a
   * settings change, naming what changed.
   */
  async save(
    change: (current: EngineConfig) => EngineConfig,
    by: Requester,
    what: { setting: EngineSetting; note?: string },
    alongside?: (tx: EntityManager, saved: EngineConfigVersion) => Promise<void>,
  ): Promise<EngineConfigVersion> {
    const saved = await this.repository.save(change, actorOf(by.principal), what.note, alongside);
    await this.audit.record('settings.changed', by, {
      target: `engine-config:${saved.version}`,
      details: { setting: what.setting, version: saved.version, note: saved.note },
    });
    return saved;
  }
}
