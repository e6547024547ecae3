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
const timestamp = z.iso.datetime({ offset: true });
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
      .object({ verified: z.boolean().optional(), failedAttempts: z.number().int().min(0).optional() })
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

export function validateConversation(input: unknown): ValidationResult {
  const parsed = conversationSchema.safeParse(input);
  if (parsed.success) return { ok: true, value: parsed.data };
  return {
    ok: false,
    errors: parsed.error.issues.map((issue) => ({
      field: issue.path.length ? issue.path.map(String).join('.') : '(body)',
      message: issue.message,
    })),
  };
}
