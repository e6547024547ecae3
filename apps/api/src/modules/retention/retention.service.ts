import { Injectable } from '@nestjs/common';
import {
  QueueName,
  RETENTION_CLASSES,
  type RetentionPolicy,
  type RetentionRun,
  type RetentionSettings,
} from '@vigil/contracts';
import { RetentionRepository, type BackgroundRun } from '@vigil/data';
import { BackgroundRunsService } from '../../common/background-runs.service.js';
import { AuditService } from '../audit/audit.service.js';
import type { Requester } from '../audit/requester.js';
import { actorOf } from '../auth/principal.js';

function toRun(r: BackgroundRun<'retention'>): RetentionRun {
  return {
    id: r.id,
    status: r.status,
    requestedBy: r.requestedBy,
    createdAt: r.createdAt.toISOString(),
    startedAt: r.startedAt?.toISOString() ?? null,
    finishedAt: r.finishedAt?.toISOString() ?? null,
    policy: r.result.policy ?? null,
    removed: r.result.removed ?? { text: 0, scores: 0, flags: 0, audit: 0 },
    error: r.error,
  };
}

/**
 * Retention as admins see it: the periods per class of data (changed on the record), the newest
 * run of the workers' retention job, and a run started by hand.
 */
@Injectable()
export class RetentionService {
  constructor(
    private readonly repository: RetentionRepository,
    private readonly runs: BackgroundRunsService,
    private readonly audit: AuditService,
  ) {}

  async settings(): Promise<RetentionSettings> {
    const { policy, updatedAt, updatedBy } = await this.repository.policy();
    const [latest] = await this.runs.recent('retention', 1, 'done');
    const [newest] = await this.runs.recent('retention', 1);
    return {
      policy,
      updatedAt: updatedAt?.toISOString() ?? null,
      updatedBy,
      lastRun: latest ? toRun(latest) : null,
      current: newest && newest.id !== latest?.id ? toRun(newest) : null,
    };
  }

  /** New periods, in force from the next run; the change (before → after) is on the audit log. */
  async save(policy: RetentionPolicy, by: Requester): Promise<RetentionSettings> {
    const { before } = await this.repository.savePolicy(policy, actorOf(by.principal));
    const changed = RETENTION_CLASSES.filter((c) => before[c] !== policy[c]);
    await this.audit.record('settings.changed', by, {
      target: 'retention',
      details: {
        setting: 'retention',
        changes: Object.fromEntries(changed.map((c) => [c, { from: before[c], to: policy[c] }])),
      },
    });
    return this.settings();
  }

  /** Run the retention job now (the workers run it nightly anyway). */
  async start(by: Requester): Promise<RetentionRun> {
    const run = await this.runs.start('retention', QueueName.Retention, {}, actorOf(by.principal));
    await this.audit.record('retention.started', by, { target: `retention:${run.id}` });
    return toRun(run);
  }
}
