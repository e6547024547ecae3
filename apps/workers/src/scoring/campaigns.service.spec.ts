import { ConversationGenerator, IncidentSchedule } from '@vigil/simulator';
import { estimatedJaccard, signatureFromBytes } from '@vigil/engine';
import { customerKeyOf, indexRowOf, MIN_SHINGLES } from './campaigns.service';

const NOW = Date.parse('2026-03-02T10:00:00Z');

describe('the campaign index row', () => {
  it("sees the simulator's fraud-campaign callers as one script from different customers", () => {
    const schedule = new IncidentSchedule({ seed: 'f', startMs: NOW });
    const fraud = schedule.until(NOW + 3 * 3600_000).find((i) => i.kind === 'fraud-campaign')!;
    const generator = new ConversationGenerator({ seed: 'campaign', runId: 'r' });
    const rows = Array.from({ length: 8 }, (_, i) =>
      indexRowOf(
        `00000000-0000-4000-8000-00000000000${i}`,
        generator.next({ now: NOW, incident: fraud, incidentTraffic: true }) as never,
      ),
    );
    expect(rows.every((r) => r.signature !== null)).toBe(true);
    expect(new Set(rows.map((r) => r.customerKey)).size).toBeGreaterThan(5);
    const [first, ...rest] = rows.map((r) => signatureFromBytes(r.signature!));
    for (const other of rest) expect(estimatedJaccard(first!, other)).toBeGreaterThanOrEqual(0.8);
  });

  it('leaves a short customer side out of the comparison', () => {
    const row = indexRowOf('00000000-0000-4000-8000-000000000001', {
      externalId: 'x',
      source: 's',
      channel: 'chat',
      startedAt: '2026-03-02T10:00:00Z',
      endedAt: '2026-03-02T10:05:00Z',
      agents: [],
      customer: { id: 'c-1' },
      messages: [{ role: 'customer', text: 'Hi, my card is blocked, can you help?' }],
      metadata: { contact: { phone: '+371 2000 0000' } },
    } as never);
    expect(MIN_SHINGLES).toBeGreaterThan(10);
    expect(row.bands).toBeNull();
    expect(row.phone).toBe('+371 2000 0000');
  });

  it('counts customers by account, then customer id, then phone', () => {
    const base = { messages: [], metadata: { contact: { phone: '+1' } } };
    expect(customerKeyOf('i', { ...base, customer: { id: 'c', accountId: 'a' } } as never)).toBe('account:a');
    expect(customerKeyOf('i', { ...base, customer: { id: 'c' } } as never)).toBe('customer:c');
    expect(customerKeyOf('i', { ...base, customer: {} } as never)).toBe('phone:+1');
    expect(customerKeyOf('i', { messages: [], customer: {} } as never)).toBe('conversation:i');
  });
});
