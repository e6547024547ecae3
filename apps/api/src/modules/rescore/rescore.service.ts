import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { QueueName, type RescoreRun } from '@vigil/contracts';
import type { BackgroundRun } from '@vigil/data';
import { BackgroundRunsService } from '../../common/background-runs.service.js';

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
  constructor(private readonly runs: BackgroundRunsService) {}

  async start(from: Date, to: Date, requestedBy: string): Promise<RescoreRun> {
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
    return toRun(await this.runs.start('rescore', QueueName.Rescore, period, requestedBy));
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
