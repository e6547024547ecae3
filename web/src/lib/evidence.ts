import type { Evidence } from '@vigil/core';

/**
 * A message's text cut into plain and highlighted segments by its evidence spans.
 * Rendering segments as text nodes (never as HTML) keeps untrusted conversation text inert.
 */
export interface TextSegment {
  text: string;
  /** Evidence covering this segment; empty for plain text. Overlapping spans share a segment. */
  evidence: Evidence[];
}

export function segmentText(text: string, evidence: readonly Evidence[]): TextSegment[] {
  const spans = evidence
    .map((e) => ({ e, start: clamp(e.start, text.length), end: clamp(e.end, text.length) }))
    .filter((s) => s.end > s.start);
  if (spans.length === 0) return text ? [{ text, evidence: [] }] : [];

  const cuts = new Set<number>([0, text.length]);
  for (const s of spans) {
    cuts.add(s.start);
    cuts.add(s.end);
  }
  const points = [...cuts].sort((a, b) => a - b);
  const segments: TextSegment[] = [];
  for (let i = 0; i < points.length - 1; i++) {
    const from = points[i]!;
    const to = points[i + 1]!;
    if (to <= from) continue;
    const covering = spans.filter((s) => s.start <= from && s.end >= to).map((s) => s.e);
    const previous = segments[segments.length - 1];
    if (previous && previous.evidence.length === 0 && covering.length === 0)
      previous.text += text.slice(from, to);
    else segments.push({ text: text.slice(from, to), evidence: covering });
  }
  return segments;
}

function clamp(value: number, length: number): number {
  if (!Number.isFinite(value)) return 0;
  return Math.min(Math.max(Math.trunc(value), 0), length);
}

/** "anger · rule lexicon.anger.furious v2" */
export function describeEvidence(e: Evidence): string {
  const rule = `rule ${e.ruleId}${e.ruleVersion ? ` v${e.ruleVersion}` : ''}`;
  return e.signal ? `${e.signal} · ${rule}` : rule;
}

/** Group evidence by the message it points into. */
export function evidenceByMessage(evidence: readonly Evidence[]): Map<number, Evidence[]> {
  const map = new Map<number, Evidence[]>();
  for (const e of evidence) {
    const list = map.get(e.messageIndex);
    if (list) list.push(e);
    else map.set(e.messageIndex, [e]);
  }
  return map;
}
