import type { PiiType } from '@vigil/contracts';

/** One find of a detector: a span of one message's text, [start, end). */
export interface PiiSpan {
  type: PiiType;
  start: number;
  end: number;
  /** The detector (and its variant) that found it, e.g. "pii.credit_card.luhn". */
  ruleId: string;
  /** True when the span is Vigil's own mask (the text was masked at ingest). */
  masked: boolean;
  /** What the span is replaced with at rest, e.g. "[CARD •••• 6467]". */
  mask: string;
}

/** A detector adds its finds to `out`; overlaps are settled afterwards (find-pii.ts). */
export type Detector = (text: string, out: PiiSpan[]) => void;
