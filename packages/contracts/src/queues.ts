/** Queue names and job payloads: the only way api and workers talk through BullMQ. */

export enum QueueName {
  /** Score one stored conversation. */
  Score = 'score',
  /** Rescore the conversations of a period with the configuration now in force. */
  Rescore = 'rescore',
  /** Group recent conversations no topic explains into candidate topics (scheduled, or on request). */
  DiscoverTopics = 'discover-topics',
}

export interface ScoreJob {
  conversationId: string;
}

export interface RescoreJob {
  /** The rescore_run row that describes the period and records progress. */
  runId: string;
}

export interface DiscoverTopicsJob {
  /** The topic_discovery_run row an admin asked for; absent for the scheduled run, which makes its own. */
  runId?: string;
}

/**
 * Retries before a conversation is marked failed: exponential backoff from one second. The job id is
 * the conversation id, so queueing a conversation twice while its job exists is a no-op.
 */
export const SCORE_JOB_OPTIONS = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: true,
  removeOnFail: { count: 10_000 },
} as const;
