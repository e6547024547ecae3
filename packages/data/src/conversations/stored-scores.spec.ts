import type { AnalyzerOutput, Conversation, Evidence } from '@vigil/contracts';
import { fromStoredScores, toStoredOutput } from './stored-scores';

const conversation = {
  messages: [
    { role: 'customer', text: 'I was charged twice 😡 and I am furious', at: '2026-12-01T10:00:00Z' },
    { role: 'agent', text: 'I am so sorry, let me refund that now.', at: '2026-12-01T10:01:00Z' },
  ],
} as unknown as Conversation;

const piece = (messageIndex: number, start: number, end: number, rest: Partial<Evidence>): Evidence => ({
  messageIndex,
  start,
  end,
  quote: conversation.messages[messageIndex]!.text.slice(start, end),
  target: { kind: 'sentiment', key: 'negative' },
  ruleId: 'sentiment.lexicon.en',
  ...rest,
});

const output: AnalyzerOutput<unknown> = {
  analyzer: 'sentiment',
  version: '2.0.0',
  result: { customer: -0.8 },
  missing: ['metadata.voice'],
  evidence: [
    piece(0, 6, 13, { ruleVersion: '2', signal: 'negative' }),
    // an emoji: offsets are UTF-16 code units, as String.slice counts them
    piece(0, 20, 22, { ruleVersion: '2', signal: 'negative' }),
    piece(0, 33, 40, { ruleVersion: '2', signal: 'negative', target: { kind: 'emotion', key: 'anger' } }),
    piece(1, 8, 13, { target: { kind: 'criterion', key: 'empathy' }, ruleId: 'qa.empathy' }),
  ],
};

describe('stored scores', () => {
  it('read back exactly as the engine returned them, quotes from the messages', () => {
    const stored = toStoredOutput(output);
    expect(fromStoredScores({ sentiment: stored }, conversation)).toEqual({ sentiment: output });
  });

  it('keep each distinct rule once and no quotes', () => {
    const stored = toStoredOutput(output);
    expect(stored.evidence).toEqual({
      rules: [
        ['sentiment.lexicon.en', '2', 'negative', 'sentiment', 'negative'],
        ['sentiment.lexicon.en', '2', 'negative', 'emotion', 'anger'],
        ['qa.empathy', null, null, 'criterion', 'empathy'],
      ],
      spans: [0, 0, 6, 13, 0, 0, 20, 22, 1, 0, 33, 40, 2, 1, 8, 13],
    });
    expect(JSON.stringify(stored)).not.toContain('furious');
  });

  it('read outputs stored before, with evidence as a list, unchanged', () => {
    expect(fromStoredScores({ sentiment: output }, conversation)).toEqual({ sentiment: output });
  });
});
