import type { AnalyzerOutput, Conversation, Evidence, PiiFind, PiiResult, PiiType } from '@vigil/contracts';
import type { Analyzer, AnalyzerContext } from '../analyzer';
import { findPii } from './find-pii';

export const PII_ANALYZER_VERSION = '1.3.0';

/**
 * Personal data in a conversation's messages: card numbers, IBANs, national ids, e-mails, phones,
 * IP addresses, and names and addresses in context (see find-pii.ts), each a find with its message,
 * offsets and author, and a piece of evidence. Stored text is masked at ingest, so what the workers
 * score holds Vigil's masks: those are finds too, marked `masked`.
 */
export class PiiAnalyzer implements Analyzer<'pii', undefined> {
  readonly name = 'pii' as const;
  readonly version = PII_ANALYZER_VERSION;
  readonly dependsOn = [] as const;

  configFrom(): undefined {
    return undefined;
  }

  rollupFacts() {
    return {};
  }

  analyze(conversation: Conversation, _context: AnalyzerContext<undefined>): AnalyzerOutput<PiiResult> {
    const finds: PiiFind[] = [];
    const evidence: Evidence[] = [];
    const counts: Partial<Record<PiiType, number>> = {};
    const messages = conversation.messages;
    for (let i = 0; i < messages.length; i++) {
      const message = messages[i]!;
      for (const s of findPii(message.text)) {
        finds.push({
          type: s.type,
          messageIndex: i,
          start: s.start,
          end: s.end,
          role: message.role,
          masked: s.masked,
        });
        evidence.push({
          messageIndex: i,
          start: s.start,
          end: s.end,
          quote: message.text.slice(s.start, s.end),
          target: { kind: 'pii', key: s.type },
          ruleId: s.ruleId,
          ruleVersion: PII_ANALYZER_VERSION,
          signal: s.type,
        });
        counts[s.type] = (counts[s.type] ?? 0) + 1;
      }
    }
    return { analyzer: this.name, version: this.version, result: { finds, counts }, evidence, missing: [] };
  }
}

export const piiAnalyzer = new PiiAnalyzer();
