import { z } from 'zod';

/** The ingest contract (README, "Ingest contract"): what an integration posts. */

export const CHANNELS = ['chat', 'email', 'voice', 'sms', 'messaging', 'social'] as const;
export const ROLES = ['customer', 'agent', 'bot', 'system'] as const;
export const AGENT_KINDS = ['human', 'ai'] as const;

export type Channel = (typeof CHANNELS)[number];
export type MessageRole = (typeof ROLES)[number];

/** Limits of one conversation; the bulk limits live with the ingest endpoint. */
export const CONVERSATION_LIMITS = {
  maxMessages: 2000,
  maxMessageChars: 20_000,
  maxAgents: 50,
  maxIdChars: 200,
  maxTags: 50,
} as const;

const id = z.string().trim().min(1).max(CONVERSATION_LIMITS.maxIdChars);

/** Times Vigil stores: valid ISO 8601 with an offset, in years Postgres and the dashboard both handle. */
export const TIMESTAMP_YEARS = { min: 1900, max: 9999 } as const;
const timestamp = z.iso.datetime({ offset: true }).refine(
  (t) => {
    const year = new Date(t).getUTCFullYear();
    // An unreadable time already failed the format check above; one error per field is enough.
    return Number.isNaN(year) || (year >= TIMESTAMP_YEARS.min && year <= TIMESTAMP_YEARS.max);
  },
  { message: `must be in the years ${TIMESTAMP_YEARS.min} to ${TIMESTAMP_YEARS.max}` },
);
const score01 = z.number().min(0).max(1);

export const messageSchema = z.strictObject({
  role: z.enum(ROLES),
  authorId: id.optional(),
  text: z.string().max(CONVERSATION_LIMITS.maxMessageChars),
  at: timestamp.optional(),
});

export const agentSchema = z.strictObject({
  id,
  name: z.string().max(200).optional(),
  kind: z.enum(AGENT_KINDS).default('human'),
});

export const metadataSchema = z
  .object({
    csat: z.number().min(1).max(5).optional(),
    voice: z
      .object({ syntheticSpeechScore: score01.optional(), livenessScore: score01.optional() })
      .optional(),
    contact: z
      .object({
        phone: z.string().max(50).optional(),
        ip: z.string().max(64).optional(),
        deviceId: id.optional(),
      })
      .optional(),
    auth: z
      .object({
        verified: z.boolean().optional(),
        failedAttempts: z.number().int().min(0).optional(),
        /** The platform skipped identity verification (e.g. an agent override). */
        skipped: z.boolean().optional(),
      })
      .optional(),
    tags: z.array(z.string().max(100)).max(CONVERSATION_LIMITS.maxTags).optional(),
  })
  // Integrations may carry more context than Vigil reads; keep it rather than reject it.
  .catchall(z.unknown());

export const conversationSchema = z
  .strictObject({
    externalId: id,
    source: id,
    channel: z.enum(CHANNELS),
    language: z
      .string()
      .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/, 'expected a language tag such as "en" or "lv"')
      .optional(),
    startedAt: timestamp,
    endedAt: timestamp,
    team: id.optional(),
    agents: z.array(agentSchema).max(CONVERSATION_LIMITS.maxAgents).default([]),
    customer: z.object({ id: id.optional(), accountId: id.optional() }).default({}),
    messages: z.array(messageSchema).min(1).max(CONVERSATION_LIMITS.maxMessages),
    metadata: metadataSchema.default({}),
  })
  .refine((c) => Date.parse(c.endedAt) >= Date.parse(c.startedAt), {
    path: ['endedAt'],
    message: 'must not be before startedAt',
  });

export type ConversationInput = z.input<typeof conversationSchema>;
/** A conversation after validation, with defaults filled in. */
export type Conversation = z.output<typeof conversationSchema>;
export type Message = z.output<typeof messageSchema>;

/** One wrong field, named by its path in the posted document. */
export interface FieldError {
  field: string;
  message: string;
}

export type ValidationResult = { ok: true; value: Conversation } | { ok: false; errors: FieldError[] };

/** Deeper than this, a posted document is refused (metadata is free-form, but not unbounded). */
export const MAX_NESTING = 32;

/**
 * A NUL character (Postgres stores none, in text or jsonb) or a lone UTF-16 surrogate (not valid
 * Unicode, refused by jsonb): text that would fail at storage, so it fails validation instead.
 */
// eslint-disable-next-line no-control-regex -- NUL is exactly what this looks for
const UNSTORABLE_TEXT = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const fieldName = (path: readonly PropertyKey[]) => (path.length ? path.map(String).join('.') : '(body)');

/**
 * Every string and key of the document, metadata included, checked once for what can't be stored.
 * `path` is one stack, pushed and popped on the way down: it becomes a field name only for an
 * error (a copy of it per string made this the API's largest allocation after the body itself).
 */
function unstorableFields(value: unknown, path: PropertyKey[], errors: FieldError[]): void {
  if (typeof value === 'string') {
    if (UNSTORABLE_TEXT.test(value))
      errors.push({
        field: fieldName(path),
        message: 'must not contain NUL characters or unpaired surrogates',
      });
    return;
  }
  if (value === null || typeof value !== 'object') return;
  if (path.length >= MAX_NESTING) {
    errors.push({ field: fieldName(path), message: `must not nest deeper than ${MAX_NESTING} levels` });
    return;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      path.push(i);
      unstorableFields(value[i], path, errors);
      path.pop();
    }
    return;
  }
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    if (UNSTORABLE_TEXT.test(key))
      errors.push({
        field: fieldName(path),
        message: 'keys must not contain NUL characters or unpaired surrogates',
      });
    path.push(key);
    unstorableFields((value as Record<string, unknown>)[key], path, errors);
    path.pop();
  }
}

/**
 * What in a posted document (any of its strings and keys, at any depth) cannot be stored, named by
 * path: a conversation here, any other request body or query where the API validates it.
 */
export function unstorableText(input: unknown): FieldError[] {
  const errors: FieldError[] = [];
  unstorableFields(input, [], errors);
  return errors;
}

export function validateConversation(input: unknown): ValidationResult {
  const errors = unstorableText(input);
  const parsed = conversationSchema.safeParse(input);
  if (parsed.success && errors.length === 0) return { ok: true, value: parsed.data };
  const named = new Set(errors.map((e) => e.field));
  for (const issue of parsed.error?.issues ?? []) {
    const field = fieldName(issue.path);
    if (!named.has(field)) errors.push({ field, message: issue.message });
  }
  return { ok: false, errors };
}
