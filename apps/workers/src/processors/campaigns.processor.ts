import { Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { JOB_DEFAULTS, QueueName, type CampaignsJob } from '@vigil/contracts';
import type { CampaignService } from '../scoring/campaigns.service';

export const CAMPAIGNS_SCHEDULER_ID = 'campaigns';

/**
 * The `campaigns` queue's worker and its schedule: a tick every `everySeconds` that decides campaign
 * membership for the conversations scored since the last one. The job scheduler adds one job per
 * interval whatever the number of workers processes (each upserts it at start), global concurrency 1
 * runs one tick at a time, and the campaign lock in Postgres (taken with try) keeps that true even if
 * two ever overlapped: the second finds it taken and leaves the pending conversations to the next.
 */
export async function createCampaignsProcessor(
  campaigns: CampaignService,
  { connection, prefix, everySeconds }: { connection: Redis; prefix: string; everySeconds: number },
): Promise<Worker<CampaignsJob>> {
  const queue = new Queue<CampaignsJob>(QueueName.Campaigns, { connection, prefix });
  try {
    await queue.setGlobalConcurrency(1);
    await queue.upsertJobScheduler(
      CAMPAIGNS_SCHEDULER_ID,
      { every: everySeconds * 1000 },
      { name: QueueName.Campaigns, data: {}, opts: JOB_DEFAULTS[QueueName.Campaigns] },
    );
  } finally {
    await queue.close();
  }
  return new Worker<CampaignsJob>(
    QueueName.Campaigns,
    async () => {
      const tick = await campaigns.tick();
      return {
        decided: tick.decided,
        created: tick.created.length,
        joined: tick.joined,
        signals: tick.signals,
        busy: tick.busy,
      };
    },
    { connection, prefix, concurrency: 1, autorun: false, lockDuration: 120_000 },
  );
}
