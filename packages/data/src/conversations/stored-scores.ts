import type {
  AnalyzerOutput,
  Conversation,
  ConversationScores,
  Evidence,
  EvidenceKind,
} from '@vigil/contracts';

/**
 * How analyzer outputs are stored: as the engine returns them, except the evidence. A conversation
 * carries a score or two dozen pieces of evidence that repeat the same few rules, and each quotes
 * its message — text the conversation row holds already. Written as is, evidence was more than half
 * of every output's bytes, and bytes are what saving a batch costs (serialising, sending, jsonb
 * parsing and WAL). So it is stored as each distinct rule once and the spans as numbers; the quotes
 * come back from the messages when read (evidence quotes are always `text.slice(start, end)`).
 * Outputs stored before this form (evidence as a list) read back unchanged.
 */

/** A rule's repeated fields, once: [ruleId, ruleVersion, signal, target kind, target key]. */
type StoredRule = [string, string | null, string | null, EvidenceKind, string];

export interface StoredEvidence {
  rules: StoredRule[];
  /** Four numbers a piece, in order: index into `rules`, messageIndex, start, end. */
  spans: number[];
}

type StoredOutput = Omit<AnalyzerOutput<unknown>, 'evidence'> & { evidence: StoredEvidence | Evidence[] };

export function toStoredOutput(output: AnalyzerOutput<unknown>): StoredOutput {
  const rules: StoredRule[] = [];
  const ruleIndex = new Map<string, number>();
  const spans: number[] = [];
  for (const e of output.evidence) {
    const rule: StoredRule = [e.ruleId, e.ruleVersion ?? null, e.signal ?? null, e.target.kind, e.target.key];
    const key = rule.join('\u0000');
    let index = ruleIndex.get(key);
    if (index === undefined) {
      index = rules.push(rule) - 1;
      ruleIndex.set(key, index);
    }
    spans.push(index, e.messageIndex, e.start, e.end);
  }
  return { ...output, evidence: { rules, spans } };
}

function evidenceOf(stored: StoredEvidence, conversation: Conversation): Evidence[] {
  const evidence: Evidence[] = [];
  for (let i = 0; i + 3 < stored.spans.length; i += 4) {
    const [ruleId, ruleVersion, signal, kind, key] = stored.rules[stored.spans[i]!]!;
    const messageIndex = stored.spans[i + 1]!;
    const start = stored.spans[i + 2]!;
    const end = stored.spans[i + 3]!;
    const piece: Evidence = {
      messageIndex,
      start,
      end,
      quote: conversation.messages[messageIndex]?.text.slice(start, end) ?? '',
      target: { kind, key },
      ruleId,
    };
    if (ruleVersion !== null) piece.ruleVersion = ruleVersion;
    if (signal !== null) piece.signal = signal;
    evidence.push(piece);
  }
  return evidence;
}

/** The outputs as stored (by analyzer name) back as the engine returned them, quotes from `conversation`. */
export function fromStoredScores(
  stored: Record<string, StoredOutput>,
  conversation: Conversation,
): ConversationScores {
  const scores: Record<string, AnalyzerOutput<unknown>> = {};
  for (const [name, output] of Object.entries(stored)) {
    scores[name] = {
      ...output,
      evidence: Array.isArray(output.evidence) ? output.evidence : evidenceOf(output.evidence, conversation),
    };
  }
  return scores as ConversationScores;
}
