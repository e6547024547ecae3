import {
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
  const compliance = scores.compliance;
  const violations = compliance?.result?.violations;
  if (!compliance || !violations?.length) return [];
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
  return [...byRule.values()];
}
