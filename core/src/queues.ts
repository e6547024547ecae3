/** Queue names and job payloads: the only way api and workers talk through BullMQ. */

export enum QueueName {
  /** Score one stored conversation. */
  Score = 'score',
  /** Periodic upkeep: re-queue conversations that were stored but never scored. */
  Maintenance = 'maintenance',
}

export enum MaintenanceJob {
  RequeueUnscored = 'requeue-unscored',
}

export interface ScoreJob {
  conversationId: string;
}

export interface MaintenanceJobData {
  kind: MaintenanceJob;
}

export interface JobPayloads {
  [QueueName.Score]: ScoreJob;
  [QueueName.Maintenance]: MaintenanceJobData;
}

/** Retries before a conversation is marked failed: exponential backoff from one second. */
export const SCORE_JOB_OPTIONS = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: true,
  removeOnFail: { count: 10_000 },
} as const;
