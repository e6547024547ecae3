import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { QueueName, type RescoreRun } from '@vigil/contracts';
import type { BackgroundRun } from '@vigil/data';
import { BackgroundRunsService } from '../../common/background-runs.service.js';
import { AuditService } from '../audit/audit.service.js';
import type { Requester } from '../audit/requester.js';
import { actorOf } from '../auth/principal.js';

/** Longest period one rescore may cover. */
const MAX_DAYS = 366;

function toRun(r: BackgroundRun<'rescore'>): RescoreRun {
  return {
    id: r.id,
    from: new Date(r.params.from).toISOString(),
    to: new Date(r.params.to).toISOString(),
    status: r.status,
    total: r.total,
    done: r.done,
    configVersion: r.result.configVersion ?? null,
    error: r.error,
    requestedBy: r.requestedBy,
    createdAt: r.createdAt.toISOString(),
    finishedAt: r.finishedAt?.toISOString() ?? null,
  };
}

/** Rescoring a period in the background, after the taxonomy or scorecard changed. */
@Injectable()
export class RescoreService {
  constructor(
    private readonly runs: BackgroundRunsService,
    private readonly audit: AuditService,
  ) {}

  async start(from: Date, to: Date, by: Requester): Promise<RescoreRun> {
    if (!(to > from)) {
      throw new BadRequestException({
        message: '"to" must be after "from"',
        errors: [{ field: 'to', message: 'must be after from' }],
      });
    }
    if (to.getTime() - from.getTime() > MAX_DAYS * 86_400_000) {
      throw new BadRequestException({
        message: `At most ${MAX_DAYS} days per rescore`,
        errors: [{ field: 'to', message: 'period too long' }],
      });
    }
    const period = { from: from.toISOString(), to: to.toISOString() };
    const run = await this.runs.start('rescore', QueueName.Rescore, period, actorOf(by.principal));
    await this.audit.record('rescore.started', by, { target: `rescore:${run.id}`, details: period });
    return toRun(run);
  }

  async get(id: string): Promise<RescoreRun> {
    const run = await this.runs.find('rescore', id);
    if (!run) throw new NotFoundException(`No rescore run ${id}`);
    return toRun(run);
  }

  async recent(): Promise<RescoreRun[]> {
    return (await this.runs.recent('rescore', 20)).map(toRun);
  }
}
