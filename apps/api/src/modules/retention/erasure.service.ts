import { Injectable } from '@nestjs/common';
import { QueueName, type Erasure } from '@vigil/contracts';
import { BackgroundRunRepository, RetentionRepository, type BackgroundRun } from '@vigil/data';
import { JobQueue } from '../../common/job-queue.service.js';
import { AuditService } from '../audit/audit.service.js';
import type { Requester } from '../audit/requester.js';
import { actorOf } from '../auth/principal.js';

/** Conversations erased per transaction. */
const BATCH = 200;
/** Most erasures one list returns (newest first). */
const LIST_LIMIT = 500;

function toErasure(r: BackgroundRun<'erasure'>): Erasure {
  return {
    id: r.id,
    subject: r.params.subject,
    status: r.status,
    requestedBy: r.requestedBy,
    createdAt: r.createdAt.toISOString(),
    finishedAt: r.finishedAt?.toISOString() ?? null,
    total: r.total,
    done: r.done,
    removed: r.result.removed ?? {},
    error: r.error,
  };
}

function add(into: Record<string, number>, counts: Record<string, number>): void {
  for (const [key, n] of Object.entries(counts)) into[key] = (into[key] ?? 0) + n;
}

/**
 * Erasure on request (a data subject's right to erasure): every conversation of a customer, with
 * everything that refers to it (analyses, flags, kept originals: the foreign keys cascade), their
 * score jobs in Redis and the topic-discovery examples that quote them. The rollups keep their
 * counts: they hold no personal data.
 *
 * The API does it itself, batch by batch, as a background run (progress in `done` of `total`),
 * rather than through a queue: a job would carry the customer's id into Redis, one of the places it
 * is being erased from. The run and the audit entry name the customer only by a keyed hash.
 */
@Injectable()
export class ErasureService {
  constructor(
    private readonly repository: RetentionRepository,
    private readonly runs: BackgroundRunRepository,
    private readonly jobs: JobQueue,
    private readonly audit: AuditService,
  ) {}

  async erase(customerId: string, by: Requester): Promise<Erasure> {
    const subject = await this.repository.subjectOf(customerId);
    const run = await this.runs.create('erasure', { subject }, actorOf(by.principal));
    try {
      await this.runs.start<'erasure'>(run.id, {
        total: await this.repository.countCustomerConversations(customerId),
      });
      const { scores, flags, text } = await this.repository.dependents();
      const dependents = [...scores, ...flags, ...text];
      const removed: Record<string, number> = { conversation: 0, queueJobs: 0 };
      for (const d of dependents) removed[d.table] = 0;
      let done = 0;
      for (;;) {
        const ids = await this.repository.customerConversations(customerId, BATCH);
        if (ids.length === 0) break;
        add(removed, await this.repository.eraseConversations(ids, dependents));
        // Score jobs are named by the conversation id; a job being scored right now cannot be
        // removed, and fails on its own as its conversation is gone.
        removed.queueJobs! += await this.jobs.remove(QueueName.Score, ids);
        done += ids.length;
        await this.runs.progress(run.id, done);
      }
      removed.discoveryExamples = await this.repository.forgetDiscoveryExamples();
      await this.runs.finish(run.id, { done, result: { removed } });
      await this.audit.record('conversation.erased', by, {
        target: `erasure:${run.id}`,
        details: { subject, removed },
      });
    } catch (error) {
      await this.runs.fail(run.id, error instanceof Error ? error.message : String(error));
      throw error;
    }
    return toErasure((await this.runs.find('erasure', run.id))!);
  }

  /** Past erasures, newest first; with a customer id, only that customer's (found by their hash). */
  async list(customerId?: string): Promise<Erasure[]> {
    const runs =
      customerId === undefined
        ? await this.runs.recent('erasure', LIST_LIMIT)
        : await this.runs.recentWith(
            'erasure',
            { subject: await this.repository.subjectOf(customerId) },
            LIST_LIMIT,
          );
    return runs.map(toErasure);
  }
}
