import {
  PII_TYPES,
  POLICY_RULE_KINDS,
  SEVERITIES,
  type Channel,
  type MessageRole,
  type PiiType,
  type PolicyRule,
  type PolicyRuleKind,
  type Severity,
} from '@vigil/contracts';
import { KEY_PATTERN, KEY_RULE, splitLines, splitList } from './form';

export { PII_TYPES, POLICY_RULE_KINDS, SEVERITIES };

/**
 * Message roles, written out: the contracts' list lives in its zod schema module, which the browser
 * bundle should not pull in (see $lib/channels). The type check fails if contracts add a role.
 */
export const ROLE_OPTIONS = ['agent', 'bot', 'customer', 'system'] as const satisfies readonly MessageRole[];
type AssertNever<T extends never> = T;
export type RoleOptionsAreComplete = AssertNever<Exclude<MessageRole, (typeof ROLE_OPTIONS)[number]>>;

export const ROLE_LABELS: Record<MessageRole, string> = {
  agent: 'Agent',
  bot: 'Bot',
  customer: 'Customer',
  system: 'System',
};

export const SEVERITY_LABELS: Record<Severity, string> = {
  low: 'Low',
  medium: 'Medium',
  high: 'High',
  critical: 'Critical',
};

export const PII_LABELS: Record<PiiType, string> = {
  credit_card: 'Card number',
  iban: 'IBAN',
  national_id: 'National id',
  email: 'E-mail address',
  phone: 'Phone number',
  ip_address: 'IP address',
  person: 'Person name',
  address: 'Postal address',
};

export const KIND_INFO: Record<PolicyRuleKind, { label: string; description: string }> = {
  required_disclosure: {
    label: 'Required disclosure',
    description: 'One of the phrases must be said by the agent (or bot) within their first messages.',
  },
  prohibited_phrase: {
    label: 'Prohibited phrase or promise',
    description: 'None of the phrases may be said by the roles ticked.',
  },
  ordered_steps: {
    label: 'Ordered steps',
    description:
      'Each step must happen before the next one does, e.g. identity verified before account details change. After the first, a step counts when it is done ("I have updated"), not offered ("I can update").',
  },
  sensitive_data_request: {
    label: 'Sensitive-data request',
    description: 'The agent must never ask for this data (a request is its wording shortly before the item).',
  },
  pii_exposure: {
    label: 'PII exposure',
    description: 'Personal data of these types, written by the roles ticked, found by the PII analyzer.',
  },
};

export interface StepDraft {
  id: number;
  key: string;
  label: string;
  phrases: string;
  roles: MessageRole[];
  doneWhenAuthVerified: boolean;
}

/** One rule as edited: lists as text (one phrase per line, teams and languages comma-separated). */
export interface RuleDraft {
  id: number;
  key: string;
  label: string;
  description: string;
  kind: PolicyRuleKind;
  severity: Severity;
  enabled: boolean;
  channels: Channel[];
  teams: string;
  languages: string;
  roles: MessageRole[];
  phrases: string;
  exceptPhrases: string;
  requestPhrases: string;
  withinAgentMessages: number | null;
  steps: StepDraft[];
  piiTypes: PiiType[];
  isNew: boolean;
  removed: boolean;
  keyEdited: boolean;
  /** Whether its form is unfolded on the page. */
  open: boolean;
}

let nextId = 1;
const lines = (list: readonly string[] | undefined) => (list ?? []).join('\n');

function toStepDraft(step: {
  key: string;
  label: string;
  phrases: string[];
  roles?: MessageRole[];
  doneWhenAuthVerified?: boolean;
}): StepDraft {
  return {
    id: nextId++,
    key: step.key,
    label: step.label,
    phrases: lines(step.phrases),
    roles: [...(step.roles ?? ['agent', 'bot'])],
    doneWhenAuthVerified: step.doneWhenAuthVerified === true,
  };
}

/** A rule as stored, or as written in an imported file (where fields with defaults may be missing). */
export function toRuleDraft(rule: PolicyRule): RuleDraft {
  const draft: RuleDraft = {
    id: nextId++,
    key: rule.key,
    label: rule.label,
    description: rule.description ?? '',
    kind: rule.kind,
    severity: rule.severity,
    enabled: rule.enabled !== false,
    channels: [...(rule.channels ?? [])],
    teams: (rule.teams ?? []).join(', '),
    languages: (rule.languages ?? []).join(', '),
    roles: ['agent', 'bot'],
    phrases: '',
    exceptPhrases: '',
    requestPhrases: '',
    withinAgentMessages: 3,
    steps: [],
    piiTypes: [],
    isNew: false,
    removed: false,
    keyEdited: true,
    open: false,
  };
  switch (rule.kind) {
    case 'required_disclosure':
      draft.phrases = lines(rule.phrases);
      draft.withinAgentMessages = rule.withinAgentMessages ?? 3;
      break;
    case 'prohibited_phrase':
      draft.phrases = lines(rule.phrases);
      draft.exceptPhrases = lines(rule.exceptPhrases);
      draft.roles = [...(rule.roles ?? ['agent', 'bot'])];
      break;
    case 'ordered_steps':
      draft.steps = (rule.steps ?? []).map(toStepDraft);
      break;
    case 'sensitive_data_request':
      draft.phrases = lines(rule.items);
      draft.requestPhrases = lines(rule.requestPhrases);
      draft.exceptPhrases = lines(rule.exceptPhrases);
      draft.roles = [...(rule.roles ?? ['agent', 'bot'])];
      break;
    case 'pii_exposure':
      draft.piiTypes = [...(rule.piiTypes ?? [])];
      draft.roles = [...(rule.roles ?? ['customer'])];
      break;
  }
  return draft;
}

/** A new rule of a kind, with the fields its kind needs filled with a sensible start. */
export function newRuleDraft(kind: PolicyRuleKind): RuleDraft {
  const draft = toRuleDraft({
    key: '',
    label: KIND_INFO[kind].label,
    kind: 'prohibited_phrase',
    severity: 'medium',
    enabled: true,
    channels: [],
    teams: [],
    languages: [],
    phrases: [],
    roles: ['agent', 'bot'],
    exceptPhrases: [],
  });
  draft.kind = kind;
  if (kind === 'pii_exposure') {
    draft.roles = ['customer'];
    draft.piiTypes = ['credit_card'];
  }
  if (kind === 'ordered_steps')
    draft.steps = [
      toStepDraft({ key: 'first', label: 'First step', phrases: [] }),
      toStepDraft({ key: 'then', label: 'Then', phrases: [] }),
    ];
  return { ...draft, isNew: true, keyEdited: false, open: true };
}

export function newStepDraft(n: number): StepDraft {
  return toStepDraft({ key: `step-${n}`, label: `Step ${n}`, phrases: [] });
}

const languageList = (text: string) => splitList(text).map((l) => l.toLowerCase());

/** The rule the API takes, from a draft. */
export function toRule(d: RuleDraft): PolicyRule {
  const base = {
    key: d.key.trim(),
    label: d.label.trim(),
    ...(d.description.trim() ? { description: d.description.trim() } : {}),
    severity: d.severity,
    enabled: d.enabled,
    channels: [...d.channels],
    teams: splitList(d.teams),
    languages: languageList(d.languages),
  };
  switch (d.kind) {
    case 'required_disclosure':
      return {
        ...base,
        kind: d.kind,
        phrases: splitLines(d.phrases),
        withinAgentMessages: d.withinAgentMessages ?? 0,
      };
    case 'prohibited_phrase':
      return {
        ...base,
        kind: d.kind,
        phrases: splitLines(d.phrases),
        roles: [...d.roles],
        exceptPhrases: splitLines(d.exceptPhrases),
      };
    case 'ordered_steps':
      return {
        ...base,
        kind: d.kind,
        steps: d.steps.map((s) => ({
          key: s.key.trim(),
          label: s.label.trim(),
          phrases: splitLines(s.phrases),
          roles: [...s.roles],
          ...(s.doneWhenAuthVerified ? { doneWhenAuthVerified: true } : {}),
        })),
      };
    case 'sensitive_data_request':
      return {
        ...base,
        kind: d.kind,
        items: splitLines(d.phrases),
        requestPhrases: splitLines(d.requestPhrases),
        exceptPhrases: splitLines(d.exceptPhrases),
        roles: [...d.roles],
      };
    case 'pii_exposure':
      return { ...base, kind: d.kind, piiTypes: [...d.piiTypes], roles: [...d.roles] };
  }
}

/** Problems the form can tell before asking the API, by field (the API checks the same and more). */
export function validateRule(d: RuleDraft, all: readonly RuleDraft[]): Record<string, string> {
  const errors: Record<string, string> = {};
  const r = toRule(d);
  if (!r.label) errors.label = 'Give the rule a name.';
  if (!r.key) errors.key = 'A key is needed.';
  else if (!KEY_PATTERN.test(r.key)) errors.key = KEY_RULE;
  else if (all.some((o) => o.id !== d.id && !o.removed && o.key.trim() === r.key))
    errors.key = 'Another rule already has this key.';
  for (const l of r.languages)
    if (!/^[a-z]{2,3}$/.test(l)) errors.languages = `"${l}" is not a language code such as en or lv.`;
  switch (r.kind) {
    case 'required_disclosure':
      if (r.phrases.length === 0) errors.phrases = 'Add at least one phrase.';
      if (
        !Number.isInteger(r.withinAgentMessages) ||
        r.withinAgentMessages < 1 ||
        r.withinAgentMessages > 100
      )
        errors.withinAgentMessages = 'A whole number from 1 to 100.';
      break;
    case 'prohibited_phrase':
      if (r.phrases.length === 0) errors.phrases = 'Add at least one phrase.';
      if (r.roles.length === 0) errors.roles = 'Tick at least one role.';
      break;
    case 'sensitive_data_request':
      if (r.items.length === 0) errors.items = 'Name at least one kind of data.';
      if (r.roles.length === 0) errors.roles = 'Tick at least one role.';
      break;
    case 'pii_exposure':
      if (r.piiTypes.length === 0) errors.piiTypes = 'Tick at least one type.';
      if (r.roles.length === 0) errors.roles = 'Tick at least one role.';
      break;
    case 'ordered_steps': {
      if (r.steps.length < 2) errors.steps = 'Ordered steps need at least two steps.';
      const keys = new Set<string>();
      r.steps.forEach((s, i) => {
        if (!s.label) errors[`steps.${i}.label`] = 'Name the step.';
        if (!KEY_PATTERN.test(s.key)) errors[`steps.${i}.key`] = KEY_RULE;
        else if (keys.has(s.key)) errors[`steps.${i}.key`] = 'Two steps have this key.';
        keys.add(s.key);
        if (s.phrases.length === 0) errors[`steps.${i}.phrases`] = 'Add at least one phrase.';
        if (s.roles.length === 0) errors[`steps.${i}.roles`] = 'Tick at least one role.';
      });
      break;
    }
  }
  for (const field of ['phrases', 'exceptPhrases', 'requestPhrases'] as const) {
    const long = splitLines(d[field]).find((p) => p.length > 200);
    if (long)
      errors[field === 'phrases' && d.kind === 'sensitive_data_request' ? 'items' : field] =
        'A phrase has at most 200 characters.';
  }
  return errors;
}

/**
 * Read a file a person chose to import: a policy document ({ rules }) as this page exports it, or a
 * whole configuration export (its `policies`). Returns the rules, or why the file is not one.
 */
export function readPolicyFile(value: unknown): PolicyRule[] | string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'it is not a JSON object';
  const doc = value as { rules?: unknown; policies?: { rules?: unknown } };
  const rules = Array.isArray(doc.rules) ? doc.rules : doc.policies?.rules;
  if (!Array.isArray(rules)) return 'it has no rules list (nor policies.rules)';
  for (const [i, r] of rules.entries()) {
    const rule = r as Partial<PolicyRule> | null;
    if (typeof rule !== 'object' || rule === null || typeof rule.key !== 'string')
      return `rule ${i + 1} has no key`;
    if (!(POLICY_RULE_KINDS as readonly string[]).includes(String(rule.kind)))
      return `rule ${rule.key} has an unknown kind "${String(rule.kind)}"`;
  }
  return rules as PolicyRule[];
}
