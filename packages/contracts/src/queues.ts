/** Queue names and job payloads: the only way api and workers talk through BullMQ. */
import type { AlertTrigger } from './alerts';

export enum QueueName {
  /** Score stored conversations (those stored together, up to SCORE_JOB_MAX_CONVERSATIONS). */
  Score = 'score',
  /** Rescore the conversations of a period with the configuration now in force. */
  Rescore = 'rescore',
  /** Group recent conversations no topic explains into candidate topics (scheduled, or on request). */
  DiscoverTopics = 'discover-topics',
  /** Delete or anonymise what has outlived its retention period (nightly, or on request). */
  Retention = 'retention',
  /** Match what happened (flags, anomalies, the threshold check) against alert rules → deliveries. */
  Alerts = 'alerts',
  /** Send one alert delivery (webhook, Slack, e-mail), retried with backoff. */
  AlertDelivery = 'alert-delivery',
  /** Feed the closed minute buckets of every rollup series to the anomaly detector (repeatable). */
  DetectAnomalies = 'detect-anomalies',
  /** Build a coaching report's PDF too large to build while the request waits. */
  CoachingReport = 'coaching-report',
  /** Send the weekly coaching reports that are due by e-mail (repeatable, hourly by default). */
  ScheduledReports = 'scheduled-reports',
  /** Decide fraud-campaign membership for the conversations scored since the last tick (repeatable). */
  Campaigns = 'campaigns',
}

export interface ScoreJob {
  conversationIds: string[];
}

/**
 * Most conversations in one score job. A job costs BullMQ about 0.2 ms of CPU in the API and the
 * workers and 0.08 ms in Redis whatever it carries, as much as a third of a conversation's whole
 * cost when each had its own (bench/RESULTS.md); conversations stored together therefore travel
 * together. Kept small, because a job is the unit BullMQ hands to one workers process: with large
 * ones a process would take far more than its share and leave the others idle at the end.
 */
export const SCORE_JOB_MAX_CONVERSATIONS = 20;

export interface RescoreJob {
  /** The background_run (kind rescore) that describes the period and records progress. */
  runId: string;
}

export interface DiscoverTopicsJob {
  /** The background_run (kind topic-discovery) an admin asked for; absent for the scheduled run, which makes its own. */
  runId?: string;
}

export interface RetentionJob {
  /** The background_run (kind retention) an admin asked for; absent for the nightly run, which makes its own. */
  runId?: string;
}

/** A detection tick carries nothing: it evaluates whatever buckets closed since the last one. */
export type DetectAnomaliesJob = Record<string, never>;

/**
 * Something happened that alert rules may match (see AlertTrigger), or — `thresholds` — the
 * scheduled check of every threshold rule over the rollups.
 */
export type AlertsJob = { triggers: AlertTrigger[] } | { thresholds: true };

export interface CoachingReportJob {
  /** The background_run (kind coaching-report) with the report's query and scope. */
  runId: string;
}

/** A tick carries nothing: it sends whichever subscriptions are due. */
export type ScheduledReportsJob = Record<string, never>;

/** A tick carries nothing: it decides whichever scored conversations are pending (campaign_pending). */
export type CampaignsJob = Record<string, never>;

export interface AlertDeliveryJob {
  deliveryId: string;
}

/**
 * Retries before a conversation is marked failed: exponential backoff from one second. A retried
 * job scores only its conversations not scored yet. The job id is made from its conversations, so
 * queueing the same ones twice while their job exists is a no-op.
 */
export const SCORE_JOB_OPTIONS = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: true,
  removeOnFail: { count: 10_000 },
} as const;

/** The job options the map sets: BullMQ's, restated so contracts need no bullmq (the web imports them). */
export interface JobDefaults {
  attempts: number;
  backoff: { type: 'exponential' | 'fixed'; delay: number };
  removeOnComplete?: boolean | number | { count: number };
  removeOnFail?: boolean | number | { count: number };
}

/** The job map, types: each queue's payload. */
export interface JobPayloads {
  [QueueName.Score]: ScoreJob;
  [QueueName.Rescore]: RescoreJob;
  [QueueName.DiscoverTopics]: DiscoverTopicsJob;
  [QueueName.Retention]: RetentionJob;
  [QueueName.Alerts]: AlertsJob;
  [QueueName.AlertDelivery]: AlertDeliveryJob;
  [QueueName.DetectAnomalies]: DetectAnomaliesJob;
  [QueueName.CoachingReport]: CoachingReportJob;
  [QueueName.ScheduledReports]: ScheduledReportsJob;
  [QueueName.Campaigns]: CampaignsJob;
}

/**
 * The job map, values: each queue's default job options. A new job is a queue name, its payload in
 * JobPayloads and its options here; the API adds it through its one producer (JobQueue), and the
 * workers refuse to start until a processor handles it.
 */
export const JOB_DEFAULTS = {
  [QueueName.Score]: SCORE_JOB_OPTIONS,
  // A rescore retries a few times (each page is idempotent); discovery once more.
  [QueueName.Rescore]: { attempts: 3, backoff: { type: 'exponential', delay: 5000 }, removeOnComplete: true },
  [QueueName.DiscoverTopics]: {
    attempts: 2,
    backoff: { type: 'fixed', delay: 5000 },
    removeOnComplete: true,
  },
  // Every step of a retention run is idempotent (it expires what is still there): a retry finishes it.
  [QueueName.Retention]: {
    attempts: 3,
    backoff: { type: 'exponential', delay: 10_000 },
    removeOnComplete: true,
    removeOnFail: 100,
  },
  // Matching is idempotent (one delivery per rule, event and channel): a retry adds nothing twice.
  [QueueName.Alerts]: {
    attempts: 3,
    backoff: { type: 'exponential', delay: 1000 },
    removeOnComplete: true,
    removeOnFail: 1000,
  },
  // 1 + 2 + 4 + 8 + 16 s: a receiver down for about half a minute still gets it; then "failed" in the log.
  [QueueName.AlertDelivery]: {
    attempts: 6,
    backoff: { type: 'exponential', delay: 1000 },
    removeOnComplete: true,
    removeOnFail: 1000,
  },
  // The next tick retries whatever a failed one did not commit: no retries of its own.
  [QueueName.DetectAnomalies]: {
    attempts: 1,
    backoff: { type: 'fixed', delay: 1000 },
    removeOnComplete: true,
    removeOnFail: 100,
  },
  // Building a report is idempotent (a retry replaces the run's file).
  [QueueName.CoachingReport]: {
    attempts: 2,
    backoff: { type: 'fixed', delay: 5000 },
    removeOnComplete: true,
    removeOnFail: 100,
  },
  // The next tick sends whatever a failed one did not (a subscription is marked sent with its mail).
  [QueueName.ScheduledReports]: {
    attempts: 1,
    backoff: { type: 'fixed', delay: 1000 },
    removeOnComplete: true,
    removeOnFail: 100,
  },
  // Pending conversations stay pending until a tick commits their decision: the next tick retries.
  [QueueName.Campaigns]: {
    attempts: 1,
    backoff: { type: 'fixed', delay: 1000 },
    removeOnComplete: true,
    removeOnFail: 100,
  },
} as const satisfies { [N in keyof JobPayloads]: JobDefaults };

/** Every queue of the map. */
export const QUEUE_NAMES = Object.keys(JOB_DEFAULTS) as QueueName[];
