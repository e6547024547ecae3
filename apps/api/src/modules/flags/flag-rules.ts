import {
  AWAITING_DECISION,
  FLAG_STATUSES,
  mayMove,
  type FlagDecision,
  type FlagStatus,
} from '@vigil/contracts';

/**
 * The review queue's rules, without the framework: which decisions a flag may take, what they set,
 * and the keyset cursor of the queue. The service applies them inside the flag's transaction.
 */

export interface FlagState {
  status: FlagStatus;
  version: number;
  decidedAt: Date | null;
  closedAt: Date | null;
}

export type Refusal =
  | { code: 'stale'; message: string }
  | { code: 'conflict'; message: string }
  | { code: 'invalid'; field: string; message: string };

export interface DecisionPlan {
  set: {
    status: FlagStatus;
    decisionReason: string | null;
    decidedAt: Date | null;
    closedAt: Date | null;
  };
  details: Record<string, unknown>;
}

/** A stale action: the reviewer saw another version or status than the flag has now. */
export function staleness(
  flag: FlagState,
  expected: { version?: number; expectedStatus?: FlagStatus },
): Refusal | null {
  if (expected.version !== undefined && expected.version !== flag.version)
    return {
      code: 'stale',
      message: `The flag changed meanwhile (version ${flag.version}, you saw ${expected.version}); reload it and decide again`,
    };
  if (expected.expectedStatus !== undefined && expected.expectedStatus !== flag.status)
    return {
      code: 'stale',
      message: `The flag is ${flag.status} now, not ${expected.expectedStatus}; reload it and decide again`,
    };
  return null;
}

/**
 * What a decision does to a flag, or why it may not. A dismissal needs a reason. Confirming,
 * dismissing and escalating are decisions: they close the flag (it stops awaiting one) and stamp
 * the time to decision; "in review" and back to "open" only mark who is on it.
 */
export function planDecision(
  flag: FlagState,
  decision: FlagDecision,
  reason: string | undefined,
  now: Date,
): DecisionPlan | Refusal {
  const text = reason?.trim() || null;
  if (decision === 'dismissed' && !text)
    return { code: 'invalid', field: 'reason', message: 'a dismissal needs a reason' };
  if (flag.status === decision) return { code: 'conflict', message: `The flag is ${decision} already` };
  if (!mayMove(flag.status, decision))
    return {
      code: 'conflict',
      message: `A ${flag.status} flag cannot become ${decision}${
        flag.status === 'confirmed' || flag.status === 'dismissed' ? ': it has been decided' : ''
      }`,
    };
  const awaiting = AWAITING_DECISION.includes(decision);
  return {
    set: {
      status: decision,
      decisionReason: awaiting ? null : text,
      decidedAt: awaiting ? null : now,
      // An escalated flag confirmed later stopped awaiting a decision when it was escalated.
      closedAt: awaiting ? null : (flag.closedAt ?? now),
    },
    details: { from: flag.status, to: decision, ...(text ? { reason: text } : {}) },
  };
}

export function isStatus(value: string): value is FlagStatus {
  return (FLAG_STATUSES as readonly string[]).includes(value);
}

/** The queue's keyset cursor (severity, raised at, id) as one opaque URL-safe string. */
export interface Cursor {
  severityRank: number;
  raisedAt: string;
  id: string;
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.severityRank, cursor.raisedAt, cursor.id])).toString('base64url');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function decodeCursor(text: string): Cursor | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value.length !== 3) return null;
    const [severityRank, raisedAt, id] = value as unknown[];
    if (typeof severityRank !== 'number' || !Number.isInteger(severityRank)) return null;
    if (typeof raisedAt !== 'string' || Number.isNaN(Date.parse(raisedAt))) return null;
    if (typeof id !== 'string' || !UUID.test(id)) return null;
    return { severityRank, raisedAt, id };
  } catch {
    return null;
  }
}

/** Whether a flag awaiting a decision has waited past the SLA. */
export function isOverdue(status: FlagStatus, raisedAt: Date, slaHours: number, now: Date): boolean {
  return AWAITING_DECISION.includes(status) && now.getTime() - raisedAt.getTime() > slaHours * 3_600_000;
}
