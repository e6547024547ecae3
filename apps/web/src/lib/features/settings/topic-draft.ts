import type { TopicDefinition } from '@vigil/contracts';
import { KEY_PATTERN, KEY_RULE, splitLines, splitList } from './form';

/** A topic as the form edits it: lists as text, plus what the form needs to know about it. */
export interface TopicDraft {
  /** Local identity for the list; not sent. */
  id: number;
  key: string;
  label: string;
  description: string;
  /** One per line. */
  examples: string;
  /** Separated by commas or new lines. */
  keywords: string;
  /** Not in the saved version yet. */
  isNew: boolean;
  /** Marked for removal; it goes when the version is saved. */
  removed: boolean;
  /** The admin typed a key: stop suggesting one from the label. */
  keyEdited: boolean;
}

let nextId = 1;

export function toDraft(topic: TopicDefinition): TopicDraft {
  return {
    id: nextId++,
    key: topic.key,
    label: topic.label,
    description: topic.description ?? '',
    examples: topic.examples.join('\n'),
    // A keyword with a comma in it cannot be shown comma-separated.
    keywords: topic.keywords.join(topic.keywords.some((k) => k.includes(',')) ? '\n' : ', '),
    isNew: false,
    removed: false,
    keyEdited: true,
  };
}

export function newDraft(): TopicDraft {
  return { ...toDraft({ key: '', label: '', examples: [], keywords: [] }), isNew: true, keyEdited: false };
}

export function toDefinition(draft: TopicDraft): TopicDefinition {
  const description = draft.description.trim();
  return {
    key: draft.key.trim(),
    label: draft.label.trim(),
    ...(description ? { description } : {}),
    examples: splitLines(draft.examples),
    keywords: splitList(draft.keywords),
  };
}

/** The same checks the API makes, so most mistakes are caught before a round trip. */
export function validateTopic(draft: TopicDraft, others: TopicDraft[]): Record<string, string> {
  const errors: Record<string, string> = {};
  const topic = toDefinition(draft);
  if (!topic.label) errors.label = 'Give the topic a name.';
  else if (topic.label.length > 200) errors.label = 'At most 200 characters.';
  if (!topic.key) errors.key = 'A key is needed.';
  else if (!KEY_PATTERN.test(topic.key)) errors.key = KEY_RULE;
  else if (others.some((o) => o.id !== draft.id && !o.removed && o.key.trim() === topic.key))
    errors.key = 'Another topic already has this key.';
  if ((topic.description ?? '').length > 2000) errors.description = 'At most 2,000 characters.';
  if (topic.examples.length + topic.keywords.length === 0)
    errors.examples = 'Add at least one example or keyword, so the topic can be recognised.';
  else if (topic.examples.length > 500) errors.examples = 'At most 500 examples.';
  else if (topic.examples.some((e) => e.length > 500))
    errors.examples = 'Each example: at most 500 characters.';
  if (topic.keywords.length > 200) errors.keywords = 'At most 200 keywords.';
  else if (topic.keywords.some((k) => k.length > 100))
    errors.keywords = 'Each keyword: at most 100 characters.';
  return errors;
}
