import type { ConversationScores, Evidence } from '@vigil/contracts';
import { flagCandidates } from './flag-candidates';

const evidence = (key: string, start: number): Evidence => ({
  messageIndex: 1,
  start,
  end: start + 5,
  quote: 'words',
  target: { kind: 'policy', key },
  ruleId: key,
  ruleVersion: '3',
});

const scores = (
  violations: Array<{ ruleId: string; severity: 'low' | 'medium' | 'high' | 'critical'; evidence: number[] }>,
) =>
  ({
    compliance: {
      analyzer: 'compliance',
      version: '1',
      missing: [],
      evidence: [evidence('card', 0), evidence('card', 10), evidence('promise', 20)],
      result: {
        policyVersion: '3',
        rulesChecked: 4,
        highestSeverity: null,
        violations: violations.map((v) => ({
          ...v,
          ruleVersion: '3',
          kind: 'prohibited_phrase' as const,
          label: `label ${v.ruleId}`,
          reason: `reason ${v.ruleId}`,
        })),
      },
    },
  }) as ConversationScores;

describe('flag candidates', () => {
  it('raise nothing for a conversation without violations, or without a compliance result', () => {
    expect(flagCandidates('c1', scores([]))).toEqual([]);
    expect(flagCandidates('c1', {})).toEqual([]);
  });

  it('raise one flag per rule with its own evidence', () => {
    const flags = flagCandidates(
      'c1',
      scores([
        { ruleId: 'card', severity: 'critical', evidence: [0, 1] },
        { ruleId: 'promise', severity: 'medium', evidence: [2] },
      ]),
    );
    expect(
      flags.map((f) => [
        f.conversationId,
        f.ruleId,
        f.severity,
        f.severityRank,
        f.evidence.map((e) => e.start),
      ]),
    ).toEqual([
      ['c1', 'card', 'critical', 4, [0, 10]],
      ['c1', 'promise', 'medium', 2, [20]],
    ]);
    expect(flags[0]).toMatchObject({
      source: 'policy',
      ruleVersion: '3',
      label: 'label card',
      reason: 'reason card',
    });
  });

  it('the same rule violated twice is one flag, at the higher severity, with both pieces of evidence', () => {
    const flags = flagCandidates(
      'c1',
      scores([
        { ruleId: 'card', severity: 'medium', evidence: [0] },
        { ruleId: 'card', severity: 'high', evidence: [1] },
      ]),
    );
    expect(flags.map((f) => [f.ruleId, f.severity, f.evidence.length])).toEqual([['card', 'high', 2]]);
  });

  it('raise one fraud flag when the risk reached the threshold, with the signals as evidence', () => {
    const fraudEvidence: Evidence = { ...evidence('secrecy', 0), target: { kind: 'fraud', key: 'secrecy' } };
    const fraud = (risk: number, flagged: boolean): ConversationScores => ({
      fraud: {
        analyzer: 'fraud',
        version: '1',
        missing: [],
        evidence: [fraudEvidence],
        result: {
          configVersion: '4',
          risk,
          threshold: 60,
          flagged,
          severity: flagged ? 'high' : null,
          verifiedBeforeRequest: null,
          signals: [
            { kind: 'secrecy', key: 'secrecy', weight: 35, reason: 'a request for secrecy', evidence: [0] },
            { kind: 'auth_failed', key: 'auth_failed', weight: 35, reason: 'identity failed', evidence: [] },
          ],
        },
      },
    });
    expect(flagCandidates('c1', fraud(40, false))).toEqual([]);
    expect(flagCandidates('c1', fraud(80, true))).toEqual([
      expect.objectContaining({
        source: 'fraud',
        ruleId: 'fraud.risk',
        ruleVersion: '4',
        severity: 'high',
        label: 'Fraud risk 80',
        reason: 'a request for secrecy; identity failed',
        evidence: [fraudEvidence],
      }),
    ]);
  });
});
