import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { USER_ROLES, type UserRole } from '@vigil/contracts';

/**
 * Configuration, validated once at start-up into a typed object. This is the only module that
 * reads the environment; a bad setting stops the start with a message naming it.
 */

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

const envSchema = z.object({
  PORT: int(1, 65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }),
  REDIS_URL: z.url({ protocol: /^rediss?$/ }),
  LOG_LEVEL: z.enum(['error', 'warn', 'log', 'debug', 'verbose']).default('log'),
  VIGIL_QUEUE_PREFIX: z
    .string()
    .regex(/^[a-zA-Z0-9_-]+$/)
    .default('vigil'),
  VIGIL_WEB_DIR: z.string().optional(),
  VIGIL_SECURE_COOKIES: bool.optional(),
  VIGIL_TRUST_PROXY: bool.default(false),
  VIGIL_BULK_MAX_CONVERSATIONS: int(1, 10_000).default(1000),
  VIGIL_BODY_LIMIT_MB: int(1, 100).default(10),
  VIGIL_LOGIN_RATE_LIMIT_PER_MINUTE: int(1, 10_000).default(10),
  VIGIL_INGEST_RATE_LIMIT_PER_MINUTE: int(1, 10_000_000).default(60_000),
  VIGIL_WORKERS_PROCESSES: z
    .union([z.literal('auto'), int(1, 64)], { error: 'must be "auto" or a whole number from 1 to 64' })
    .default('auto'),
  VIGIL_WORKER_CONCURRENCY: int(1, 5000).default(500),
  VIGIL_SCORE_BATCH_SIZE: int(1, 1000).default(250),
  VIGIL_SCORE_BATCH_WAIT_MS: int(0, 1000).default(50),
  VIGIL_SESSION_HOURS: int(1, 24 * 90).default(12),
  VIGIL_INVITATION_HOURS: int(1, 24 * 30).default(72),
  VIGIL_REQUEUE_AFTER_SECONDS: int(1, 86_400).default(60),
  VIGIL_REQUEUE_EVERY_SECONDS: int(1, 3600).default(15),
  // Cron, in the workers' time zone; "off" runs discovery only when an admin asks.
  VIGIL_DISCOVERY_SCHEDULE: z.string().trim().min(1).default('0 3 * * *'),
  VIGIL_DISCOVERY_DAYS: int(1, 90).default(7),
  VIGIL_DISCOVERY_MAX_CONVERSATIONS: int(100, 50_000).default(5000),
  VIGIL_FLAG_SLA_HOURS: int(1, 24 * 90).default(24),
  // Cron, in the workers' time zone; "off" runs retention only when an admin asks.
  VIGIL_RETENTION_SCHEDULE: z.string().trim().min(1).default('30 2 * * *'),
  VIGIL_INIT_ADMIN_EMAIL: z.email().optional(),
  VIGIL_INIT_ADMIN_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
  VIGIL_INIT_INGEST_KEY: z.string().min(24, 'must be at least 24 characters').optional(),
  VIGIL_OIDC_ISSUER: z.url({ protocol: /^https?$/ }).optional(),
  VIGIL_OIDC_CLIENT_ID: z.string().trim().min(1).max(500).optional(),
  VIGIL_OIDC_CLIENT_SECRET: z.string().min(1).max(2000).optional(),
  VIGIL_OIDC_REDIRECT_URL: z.url({ protocol: /^https?$/ }).optional(),
  VIGIL_OIDC_SCOPES: z
    .string()
    .trim()
    .regex(/(^|\s)openid(\s|$)/, 'must include "openid"')
    .default('openid email profile'),
  VIGIL_OIDC_ROLE_CLAIM: z.string().trim().min(1).max(200).default('vigil_role'),
  VIGIL_OIDC_TEAMS_CLAIM: z.string().trim().min(1).max(200).default('vigil_teams'),
  VIGIL_OIDC_DEFAULT_ROLE: z
    .enum([...USER_ROLES, 'none'], { error: `must be one of ${[...USER_ROLES, 'none'].join(', ')}` })
    .default('manager'),
  VIGIL_OIDC_NAME: z.string().trim().min(1).max(60).default('SSO'),
  VIGIL_PII_KEEP_ORIGINALS: bool.default(false),
  VIGIL_PII_KEY: z.string().trim().optional(),
  VIGIL_SMTP_URL: z.url({ protocol: /^smtps?$/, error: 'must be an smtp:// or smtps:// URL' }).optional(),
  VIGIL_SMTP_FROM: z.string().trim().min(3).max(320).default('Vigil <vigil@localhost>'),
  VIGIL_REPORT_FILE_HOURS: int(1, 24 * 30).default(24),
  VIGIL_REPORT_BACKGROUND_THRESHOLD: int(1, 10_000_000).default(20_000),
  VIGIL_REPORT_SCHEDULE_EVERY_SECONDS: int(1, 86_400).default(3600),
  VIGIL_PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  VIGIL_ALERT_THRESHOLD_EVERY_SECONDS: int(1, 3600).default(60),
  VIGIL_ANOMALY_EVERY_SECONDS: int(1, 3600).default(15),
  VIGIL_ANOMALY_GRACE_SECONDS: int(0, 3600).default(30),
  VIGIL_ANOMALY_HISTORY_HOURS: int(1, 24 * 14).default(24),
  VIGIL_ANOMALY_WARMUP_POINTS: int(10, 100_000).default(100),
  VIGIL_CAMPAIGN_WINDOW_HOURS: int(1, 24 * 30).default(72),
  VIGIL_CAMPAIGN_SIMILARITY: z.coerce.number().min(0.3).max(1).default(0.8),
  VIGIL_CAMPAIGN_MIN_CUSTOMERS: int(2, 1000).default(3),
  VIGIL_CAMPAIGN_EVERY_SECONDS: int(1, 3600).default(1),
  VIGIL_SHARED_CONTACT_ACCOUNTS: int(2, 1000).default(3),
});

const OIDC_REQUIRED = ['VIGIL_OIDC_ISSUER', 'VIGIL_OIDC_CLIENT_ID', 'VIGIL_OIDC_REDIRECT_URL'] as const;

/** Plain http is allowed only to this machine (a provider run for development or tests). */
function isLoopback(url: string): boolean {
  const host = new URL(url).hostname;
  return host === 'localhost' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** Single sign-on through an OpenID Connect provider, beside local accounts. */
export interface OidcConfig {
  issuer: string;
  clientId: string;
  /** Absent for a public client (PKCE alone). */
  clientSecret?: string;
  /** Vigil's callback as registered at the provider: <public URL>/api/v1/auth/oidc/callback. */
  redirectUrl: string;
  scopes: string;
  roleClaim: string;
  teamsClaim: string;
  /** The role of a first sign-in whose role claim is missing or not a Vigil role; null refuses it. */
  defaultRole: UserRole | null;
  /** The provider's name on the login page's button: "Sign in with <name>". */
  name: string;
}

export interface VigilConfig {
  port: number;
  host: string;
  databaseUrl: string;
  redisUrl: string;
  logLevel: 'error' | 'warn' | 'log' | 'debug' | 'verbose';
  /** Prefix of every Redis key Vigil writes (queues, channels), so several installs can share a Redis. */
  queuePrefix: string;
  /** Folder of the built web app; undefined means "the one in this checkout". */
  webDir?: string;
  /** undefined: secure unless served over plain http. */
  secureCookies?: boolean;
  /** Take the client address from X-Forwarded-For: only behind a proxy that sets it. */
  trustProxy: boolean;
  bulkMaxConversations: number;
  bodyLimitBytes: number;
  loginRateLimitPerMinute: number;
  ingestRateLimitPerMinute: number;
  /**
   * How many workers processes `npm start` runs ("auto": one per core this process may use). Each
   * has the full concurrency and batching; BullMQ hands every job to exactly one of them.
   */
  workersProcesses: number;
  /** Conversations one workers process holds at once (taken in jobs of up to 20, scored in batches). */
  workerConcurrency: number;
  /**
   * Conversations scored and written per batch (one transaction). Below the worker concurrency so that
   * one batch is scored while the one before it is written.
   */
  scoreBatchSize: number;
  /**
   * Longest a conversation waits for company before its batch is scored. Each batch costs a
   * transaction and a rollup upsert whatever its size, so at moderate rates a slightly longer wait
   * makes batches several times larger and the pipeline cheaper (and faster) end to end.
   */
  scoreBatchWaitMs: number;
  sessionHours: number;
  /** How long a one-time link (an invitation, or an admin's password reset) stays usable. */
  invitationHours: number;
  /** A stored conversation still unscored after this long is queued again (its job may be lost). */
  requeueAfterSeconds: number;
  requeueEverySeconds: number;
  /**
   * Topic discovery: when the scheduled run goes (a cron pattern, or null for "only on request"),
   * over how many days back, reading at most how many conversations.
   */
  discovery: { schedule: string | null; days: number; maxConversations: number };
  /** How long a flag may wait for a decision before the review queue shows it overdue. */
  flagSlaHours: number;
  /** When the nightly retention run goes (a cron pattern), or null for "only when an admin asks". */
  retentionSchedule: string | null;
  init: { adminEmail?: string; adminPassword?: string; ingestKey?: string };
  /** null: single sign-on is off (VIGIL_OIDC_ISSUER not set). */
  oidc: OidcConfig | null;
  /**
   * Personal data in message text is masked before a conversation is stored. With keepOriginals the
   * original texts are also kept, encrypted with `key` (AES-256-GCM), for those allowed to read them;
   * without it they exist nowhere. The key alone (keeping off) still reads originals kept before.
   */
  pii: { keepOriginals: boolean; key: Buffer | null };
  /** Outgoing e-mail (alerts, reports); without a URL nothing is sent by e-mail. */
  smtp: { url?: string; from: string };
  /**
   * Alerts: the dashboard's address as receivers reach it (links in alerts; default
   * http://localhost:PORT), and how often threshold rules are checked over the rollups.
   */
  alerts: { publicUrl: string; thresholdEverySeconds: number };
  /**
   * Anomaly detection over the minute rollups: how often the tick runs, how long after a minute ends
   * its bucket is taken as complete (late conversations still land in it until then), how much stored
   * history a series new to the detector is replayed from, and how many points a series needs before
   * it is scored at all.
   */
  anomalies: { everySeconds: number; graceSeconds: number; historyHours: number; warmupPoints: number };
  /** Campaign detection and cross-account signals (see CampaignRepository). */
  campaigns: CampaignSettings;
  /**
   * Coaching reports: how long a PDF built in the background stays downloadable; above how many
   * conversations in scope a PDF is built in the background (202 and a run to poll) rather than
   * while the request waits; how often the workers look for weekly reports due to be e-mailed.
   */
  reports: { fileHours: number; backgroundThreshold: number; scheduleEverySeconds: number };
}

export interface CampaignSettings {
  /** How long a conversation stays indexed for campaigns and shared contacts. */
  windowHours: number;
  /** Estimated Jaccard similarity of customer-side shingles at which two conversations share a script. */
  similarity: number;
  /** Distinct customers a script needs before it is a campaign. */
  minCustomers: number;
  /** Distinct customer accounts one phone, device or IP needs before it is a signal. */
  sharedContactAccounts: number;
  /** Seconds between campaigns ticks: how long a scored conversation waits for its campaign decision. */
  everySeconds: number;
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): VigilConfig {
  // Empty strings in .env files mean "not set".
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (!!e.VIGIL_INIT_ADMIN_EMAIL !== !!e.VIGIL_INIT_ADMIN_PASSWORD) {
    fail('VIGIL_INIT_ADMIN_EMAIL and VIGIL_INIT_ADMIN_PASSWORD go together');
  }
  return {
    ...base(e),
    oidc: oidcConfig(e),
    pii: piiConfig(e),
  };
}

/** 32 bytes in standard base64 (44 characters, one "=" of padding), e.g. `openssl rand -base64 32`. */
const KEY_BASE64 = /^[A-Za-z0-9+/]{43}=$/;

function piiConfig(e: z.infer<typeof envSchema>): VigilConfig['pii'] {
  const given = e.VIGIL_PII_KEY;
  if (given !== undefined && !KEY_BASE64.test(given))
    fail(
      'VIGIL_PII_KEY: must be 32 bytes in base64 (44 characters), e.g. the output of `openssl rand -base64 32`',
    );
  if (e.VIGIL_PII_KEEP_ORIGINALS && given === undefined)
    fail(
      'VIGIL_PII_KEEP_ORIGINALS=true needs VIGIL_PII_KEY (32 bytes in base64, e.g. `openssl rand -base64 32`)',
    );
  return {
    keepOriginals: e.VIGIL_PII_KEEP_ORIGINALS,
    key: given === undefined ? null : Buffer.from(given, 'base64'),
  };
}

function fail(message: string): never {
  throw new ConfigError(`Invalid configuration:\n  ${message}`);
}

function oidcConfig(e: z.infer<typeof envSchema>): OidcConfig | null {
  const given = OIDC_REQUIRED.filter((name) => e[name] !== undefined);
  if (given.length === 0) {
    if (e.VIGIL_OIDC_CLIENT_SECRET) fail('VIGIL_OIDC_CLIENT_SECRET is set but VIGIL_OIDC_ISSUER is not');
    return null;
  }
  const missing = OIDC_REQUIRED.filter((name) => e[name] === undefined);
  if (missing.length)
    fail(`single sign-on needs ${OIDC_REQUIRED.join(', ')}; missing: ${missing.join(', ')}`);
  for (const name of ['VIGIL_OIDC_ISSUER', 'VIGIL_OIDC_REDIRECT_URL'] as const) {
    if (e[name]!.startsWith('http:') && !isLoopback(e[name]!)) fail(`${name}: must be an https URL`);
  }
  if (!new URL(e.VIGIL_OIDC_REDIRECT_URL!).pathname.endsWith('/api/v1/auth/oidc/callback')) {
    fail("VIGIL_OIDC_REDIRECT_URL: must be Vigil's callback, <public URL>/api/v1/auth/oidc/callback");
  }
  return {
    issuer: e.VIGIL_OIDC_ISSUER!,
    clientId: e.VIGIL_OIDC_CLIENT_ID!,
    clientSecret: e.VIGIL_OIDC_CLIENT_SECRET,
    redirectUrl: e.VIGIL_OIDC_REDIRECT_URL!,
    scopes: e.VIGIL_OIDC_SCOPES,
    roleClaim: e.VIGIL_OIDC_ROLE_CLAIM,
    teamsClaim: e.VIGIL_OIDC_TEAMS_CLAIM,
    defaultRole: e.VIGIL_OIDC_DEFAULT_ROLE === 'none' ? null : e.VIGIL_OIDC_DEFAULT_ROLE,
    name: e.VIGIL_OIDC_NAME,
  };
}

function base(e: z.infer<typeof envSchema>): Omit<VigilConfig, 'oidc' | 'pii'> {
  return {
    smtp: { url: e.VIGIL_SMTP_URL, from: e.VIGIL_SMTP_FROM },
    alerts: {
      publicUrl: (e.VIGIL_PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
      thresholdEverySeconds: e.VIGIL_ALERT_THRESHOLD_EVERY_SECONDS,
    },
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    logLevel: e.LOG_LEVEL,
    queuePrefix: e.VIGIL_QUEUE_PREFIX,
    webDir: e.VIGIL_WEB_DIR,
    secureCookies: e.VIGIL_SECURE_COOKIES,
    trustProxy: e.VIGIL_TRUST_PROXY,
    bulkMaxConversations: e.VIGIL_BULK_MAX_CONVERSATIONS,
    bodyLimitBytes: e.VIGIL_BODY_LIMIT_MB * 1024 * 1024,
    loginRateLimitPerMinute: e.VIGIL_LOGIN_RATE_LIMIT_PER_MINUTE,
    ingestRateLimitPerMinute: e.VIGIL_INGEST_RATE_LIMIT_PER_MINUTE,
    workersProcesses:
      e.VIGIL_WORKERS_PROCESSES === 'auto' ? availableParallelism() : e.VIGIL_WORKERS_PROCESSES,
    workerConcurrency: e.VIGIL_WORKER_CONCURRENCY,
    scoreBatchSize: e.VIGIL_SCORE_BATCH_SIZE,
    scoreBatchWaitMs: e.VIGIL_SCORE_BATCH_WAIT_MS,
    sessionHours: e.VIGIL_SESSION_HOURS,
    invitationHours: e.VIGIL_INVITATION_HOURS,
    requeueAfterSeconds: e.VIGIL_REQUEUE_AFTER_SECONDS,
    requeueEverySeconds: e.VIGIL_REQUEUE_EVERY_SECONDS,
    discovery: {
      schedule: e.VIGIL_DISCOVERY_SCHEDULE === 'off' ? null : e.VIGIL_DISCOVERY_SCHEDULE,
      days: e.VIGIL_DISCOVERY_DAYS,
      maxConversations: e.VIGIL_DISCOVERY_MAX_CONVERSATIONS,
    },
    flagSlaHours: e.VIGIL_FLAG_SLA_HOURS,
    retentionSchedule: e.VIGIL_RETENTION_SCHEDULE === 'off' ? null : e.VIGIL_RETENTION_SCHEDULE,
    anomalies: {
      everySeconds: e.VIGIL_ANOMALY_EVERY_SECONDS,
      graceSeconds: e.VIGIL_ANOMALY_GRACE_SECONDS,
      historyHours: e.VIGIL_ANOMALY_HISTORY_HOURS,
      warmupPoints: e.VIGIL_ANOMALY_WARMUP_POINTS,
    },
    init: {
      adminEmail: e.VIGIL_INIT_ADMIN_EMAIL,
      adminPassword: e.VIGIL_INIT_ADMIN_PASSWORD,
      ingestKey: e.VIGIL_INIT_INGEST_KEY,
    },
    reports: {
      fileHours: e.VIGIL_REPORT_FILE_HOURS,
      backgroundThreshold: e.VIGIL_REPORT_BACKGROUND_THRESHOLD,
      scheduleEverySeconds: e.VIGIL_REPORT_SCHEDULE_EVERY_SECONDS,
    },
    campaigns: {
      windowHours: e.VIGIL_CAMPAIGN_WINDOW_HOURS,
      similarity: e.VIGIL_CAMPAIGN_SIMILARITY,
      minCustomers: e.VIGIL_CAMPAIGN_MIN_CUSTOMERS,
      sharedContactAccounts: e.VIGIL_SHARED_CONTACT_ACCOUNTS,
      everySeconds: e.VIGIL_CAMPAIGN_EVERY_SECONDS,
    },
  };
}
