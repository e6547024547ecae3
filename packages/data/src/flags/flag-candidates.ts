import {
  FRAUD_FLAG_RULE,
  SEVERITY_RANK,
  type ConversationScores,
  type Evidence,
  type FlagSource,
  type Severity,
} from '@vigil/contracts';

/** A flag as scoring raises it: what a violation says, before the flag exists (or to update it). */
export interface FlagCandidate {
  conversationId: string;
  source: FlagSource;
  ruleId: string;
  ruleVersion: string;
  kind: string;
  severity: Severity;
  severityRank: number;
  label: string;
  reason: string;
  evidence: Evidence[];
}

/**
 * The flags a conversation's scores raise: one per violated rule of `scores.compliance` (the same
 * rule violated twice is one flag with both pieces of evidence, at the higher severity). Empty for
 * most conversations, which is what keeps scoring free of flag writes for them.
 */
export function flagCandidates(conversationId: string, scores: ConversationScores): FlagCandidate[] {
  const fraud = fraudCandidate(conversationId, scores);
  const compliance = scores.compliance;
  const violations = compliance?.result?.violations;
  if (!compliance || !violations?.length) return fraud ? [fraud] : [];
  const byRule = new Map<string, FlagCandidate>();
  for (const v of violations) {
    const evidence = v.evidence.flatMap((i) => compliance.evidence[i] ?? []);
    const existing = byRule.get(v.ruleId);
    if (existing) {
      existing.evidence.push(...evidence);
      if (SEVERITY_RANK[v.severity] > existing.severityRank) {
        existing.severity = v.severity;
        existing.severityRank = SEVERITY_RANK[v.severity];
      }
      continue;
    }
    byRule.set(v.ruleId, {
      conversationId,
      source: 'policy',
      ruleId: v.ruleId,
      ruleVersion: v.ruleVersion,
      kind: v.kind,
      severity: v.severity,
      severityRank: SEVERITY_RANK[v.severity] ?? 0,
      label: v.label,
      reason: v.reason,
      evidence,
    });
  }
  return fraud ? [...byRule.values(), fraud] : [...byRule.values()];
}

/**
 * The one fraud flag of a conversation whose risk reached the threshold (rule fraud.risk, so
 * rescoring updates it): severity from the risk, the signals' evidence as its evidence.
 */
function fraudCandidate(conversationId: string, scores: ConversationScores): FlagCandidate | null {
  const fraud = scores.fraud;
  if (!fraud?.result?.flagged || !fraud.result.severity) return null;
  const { risk, severity, signals, configVersion } = fraud.result;
  return {
    conversationId,
    source: 'fraud',
    ruleId: FRAUD_FLAG_RULE,
    ruleVersion: configVersion,
    kind: 'fraud',
    severity,
    severityRank: SEVERITY_RANK[severity] ?? 0,
    label: `Fraud risk ${risk}`,
    reason: signals
      .slice(0, 3)
      .map((s) => s.reason)
      .join('; '),
    evidence: signals.flatMap((s) => s.evidence.flatMap((i) => fraud.evidence[i] ?? [])),
  };
}
