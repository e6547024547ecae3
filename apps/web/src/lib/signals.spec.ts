import type { OutlierSignalDetail } from '@vigil/contracts';
import { outlierBasis, outlierText, roughDuration, signalText } from './signals';

const outlier = (over: Partial<OutlierSignalDetail>): OutlierSignalDetail => ({
  metric: 'handle_time',
  value: 2880,
  expected: 480,
  z: 6.72,
  direction: 'above',
  conversations: 1234,
  team: 'billing',
  channel: 'chat',
  ...over,
});

describe('outlier signals in words', () => {
  it('says handle time and silences against the usual, as a person would', () => {
    expect(outlierText(outlier({}))).toBe('Handle time 48 min — about 6× the usual 8 min for billing chat');
    expect(
      outlierText(outlier({ metric: 'silence', value: 900, expected: 360, team: null, channel: 'sms' })),
    ).toBe('Longest silence 15 min — about 2.5× the usual 6 min for SMS');
    expect(outlierBasis(outlier({}))).toBe(
      '6.7 standard deviations above the norm (log scale), learnt from 1,234 earlier billing chat conversations',
    );
  });

  it('says transfers and message counts, above and below', () => {
    expect(outlierText(outlier({ metric: 'transfers', value: 3, expected: 0.1 }))).toBe(
      'Transferred 3 times — usually none for billing chat',
    );
    expect(outlierText(outlier({ metric: 'transfers', value: 6, expected: 1.2 }))).toBe(
      'Transferred 6 times — about 5× the usual 1 for billing chat',
    );
    expect(
      outlierText(outlier({ metric: 'messages', value: 1, expected: 12, direction: 'below', z: -3.4 })),
    ).toBe('1 message — well under the usual 12 for billing chat');
    expect(
      signalText({
        kind: 'outlier_messages',
        detail: { ...outlier({ metric: 'messages', value: 60, expected: 12 }) },
      }),
    ).toBe('60 messages — about 5× the usual 12 for billing chat');
  });

  it('rounds durations', () => {
    expect(roughDuration(40.4)).toBe('40 s');
    expect(roughDuration(125)).toBe('2 min');
    expect(roughDuration(7500)).toBe('2 h 05 min');
  });

  it('keeps the cross-account wording', () => {
    expect(signalText({ kind: 'shared_ip', detail: { value: '203.0.113.7', accounts: 4 } })).toBe(
      'IP 203.0.113.7 used by 4 accounts',
    );
    expect(
      signalText({ kind: 'shared_phone', detail: { value: '+3712000000', accounts: 3, uses: 50 } }),
    ).toBe('phone +3712000000 used by 3 accounts in its last 50 conversations');
  });
});
