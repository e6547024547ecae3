import {
  CHANNELS,
  DEFAULT_LIMITS_BY_CHANNEL,
  MAX_LIMIT_SECONDS,
  TIMING_LIMIT_PARAMS,
  type Channel,
  type LimitsByChannel,
  type QaCriterion,
  type QaCriterionKind,
  type TimingCriterionKind,
} from '@vigil/contracts';
import { KEY_PATTERN, KEY_RULE } from './form';

export { MAX_LIMIT_SECONDS };

/** The numeric parameter a kind is tuned by, where it has one (seconds). */
export type LimitParam = (typeof TIMING_LIMIT_PARAMS)[TimingCriterionKind];

const isTiming = (kind: QaCriterionKind): kind is TimingCriterionKind => kind in TIMING_LIMIT_PARAMS;

/** One channel's own limit of a timing criterion, as edited. */
export interface ChannelLimitDraft {
  channel: Channel;
  /** Seconds; null while empty, which means "the criterion's limit". */
  seconds: number | null;
  /** false: the criterion does not apply on this channel (null in limitsByChannel). */
  measured: boolean;
}

export interface KindInfo {
  label: string;
  /** What the analyzer checks, in one sentence for the person editing the scorecard. */
  description: string;
  limit?: { param: LimitParam; label: string; default: number };
}

export const KIND_INFO: Record<QaCriterionKind, KindInfo> = {
  greeting: { label: 'Greeting', description: 'The agent greets the customer in their first message.' },
  identity_verification: {
    label: 'Identity verification',
    description: 'Before changing account details, the agent verifies who the customer is.',
  },
  empathy: {
    label: 'Empathy',
    description: 'When the customer is upset, the agent acknowledges it within the next two replies.',
  },
  solution_offered: { label: 'Solution offered', description: 'The agent offers a solution or a next step.' },
  resolution_confirmed: {
    label: 'Resolution confirmed',
    description: 'The agent checks with the customer that the issue is resolved.',
  },
  closing: { label: 'Closing', description: 'The agent closes the conversation politely.' },
  first_response_time: {
    label: 'First response time',
    description: 'The first agent reply comes within the limit.',
    limit: { param: 'maxSeconds', label: 'Reply within', default: 60 },
  },
  long_silence: {
    label: 'Long silence',
    description: 'The customer never waits longer than the limit for the next reply.',
    limit: { param: 'maxGapSeconds', label: 'Longest wait', default: 120 },
  },
};

export interface CriterionDraft {
  id: number;
  key: string;
  label: string;
  kind: QaCriterionKind;
  /** Bound to a number input: null while it is empty. */
  weight: number | null;
  /** The weight to return to when a switched-off criterion is switched on again. */
  lastWeight: number;
  /** Seconds for kinds with a limit; null while empty. */
  limit: number | null;
  /** Timing kinds: a limit per channel (params.limitsByChannel), one row per channel; else null. */
  channelLimits: ChannelLimitDraft[] | null;
  /** Every other parameter, kept as it was (phrase lists and the like are not edited here). */
  params: Record<string, unknown>;
  isNew: boolean;
  removed: boolean;
  keyEdited: boolean;
  labelEdited: boolean;
}

let nextId = 1;

export function toCriterionDraft(criterion: QaCriterion): CriterionDraft {
  const limit = KIND_INFO[criterion.kind]?.limit;
  const params: Record<string, unknown> = { ...(criterion.params ?? {}) };
  const value = limit ? params[limit.param] : undefined;
  if (limit) delete params[limit.param];
  const byChannel = (params.limitsByChannel ?? {}) as LimitsByChannel;
  if (isTiming(criterion.kind)) delete params.limitsByChannel;
  return {
    id: nextId++,
    key: criterion.key,
    label: criterion.label,
    kind: criterion.kind,
    weight: criterion.weight,
    lastWeight: criterion.weight > 0 ? criterion.weight : 1,
    limit: limit ? (typeof value === 'number' ? value : limit.default) : null,
    channelLimits: isTiming(criterion.kind)
      ? CHANNELS.map((channel) => {
          const v = byChannel[channel];
          return { channel, seconds: typeof v === 'number' ? v : null, measured: v !== null };
        })
      : null,
    params,
    isNew: false,
    removed: false,
    keyEdited: true,
    labelEdited: true,
  };
}

/** A new timing criterion starts from the shipped per-channel limits. */
export function newCriterionDraft(kind: QaCriterionKind): CriterionDraft {
  const params = isTiming(kind) ? { limitsByChannel: DEFAULT_LIMITS_BY_CHANNEL[kind] } : undefined;
  return {
    ...toCriterionDraft({ key: '', label: KIND_INFO[kind].label, kind, weight: 1, params }),
    isNew: true,
    keyEdited: false,
    labelEdited: false,
  };
}

export function toCriterion(draft: CriterionDraft): QaCriterion {
  const limit = KIND_INFO[draft.kind].limit;
  const params: Record<string, unknown> = { ...draft.params };
  if (limit && draft.limit !== null) params[limit.param] = draft.limit;
  if (isTiming(draft.kind) && draft.channelLimits) {
    const byChannel: LimitsByChannel = {};
    for (const c of draft.channelLimits) {
      if (!c.measured) byChannel[c.channel] = null;
      else if (c.seconds !== null) byChannel[c.channel] = c.seconds;
    }
    if (Object.keys(byChannel).length) params.limitsByChannel = byChannel;
  }
  return {
    key: draft.key.trim(),
    label: draft.label.trim(),
    weight: draft.weight ?? 0,
    kind: draft.kind,
    ...(Object.keys(params).length ? { params } : {}),
  };
}

const LIMIT_RULE = `Whole seconds, from 1 to ${MAX_LIMIT_SECONDS.toLocaleString('en')} (a week).`;

export function validateCriterion(draft: CriterionDraft, all: CriterionDraft[]): Record<string, string> {
  const errors: Record<string, string> = {};
  const c = toCriterion(draft);
  if (!c.label) errors.label = 'Give the criterion a name.';
  else if (c.label.length > 200) errors.label = 'At most 200 characters.';
  if (!c.key) errors.key = 'A key is needed.';
  else if (!KEY_PATTERN.test(c.key)) errors.key = KEY_RULE;
  else if (all.some((o) => o.id !== draft.id && !o.removed && o.key.trim() === c.key))
    errors.key = 'Another criterion already has this key.';
  if (draft.weight === null || !Number.isFinite(draft.weight))
    errors.weight = 'Enter a weight from 0 to 100.';
  else if (draft.weight < 0 || draft.weight > 100) errors.weight = 'From 0 to 100.';
  const limit = KIND_INFO[draft.kind].limit;
  if (limit) {
    if (draft.limit === null || !Number.isInteger(draft.limit) || draft.limit < 1) errors.params = LIMIT_RULE;
    else if (draft.limit > MAX_LIMIT_SECONDS) errors.params = LIMIT_RULE;
    for (const c of draft.channelLimits ?? []) {
      if (!c.measured || c.seconds === null) continue;
      if (!Number.isInteger(c.seconds) || c.seconds < 1 || c.seconds > MAX_LIMIT_SECONDS)
        errors[`limitsByChannel.${c.channel}`] = LIMIT_RULE;
    }
  }
  return errors;
}
