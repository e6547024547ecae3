import { IncidentSchedule, teamShare } from './incidents';

const START = Date.parse('2026-11-23T10:00:00Z');
const MIN = 60_000;

describe('IncidentSchedule', () => {
  it('is deterministic from the seed and differs between seeds', () => {
    const a = new IncidentSchedule({ seed: 7, startMs: START }).until(START + 120 * MIN);
    const b = new IncidentSchedule({ seed: 7, startMs: START }).until(START + 120 * MIN);
    const c = new IncidentSchedule({ seed: 8, startMs: START }).until(START + 120 * MIN);
    expect(a).toEqual(b);
    expect(a.map((i) => [i.startsAt, i.topicId, i.team])).not.toEqual(
      c.map((i) => [i.startsAt, i.topicId, i.team]),
    );
  });

  it('runs a 2-minute incident about every 10 minutes, never overlapping, first after a baseline', () => {
    const schedule = new IncidentSchedule({ seed: 'x', startMs: START });
    const incidents = schedule.until(START + 24 * 60 * MIN);
    expect(incidents.length).toBeGreaterThanOrEqual(140);
    expect(incidents[0]!.startsAt).toBe(START + 5 * MIN);
    for (let i = 0; i < incidents.length; i++) {
      const incident = incidents[i]!;
      expect(incident.endsAt - incident.startsAt).toBe(2 * MIN);
      if (i > 0) {
        const gap = incident.startsAt - incidents[i - 1]!.startsAt;
        expect(gap).toBeGreaterThan(6 * MIN);
        expect(gap).toBeLessThan(14 * MIN);
        expect(incident.startsAt).toBeGreaterThan(incidents[i - 1]!.endsAt);
      }
    }
    expect(new Set(incidents.map((i) => i.kind))).toEqual(
      new Set(['topic-surge', 'sentiment-drop', 'fraud-campaign', 'account-takeover', 'ai-jailbreak']),
    );
    expect(incidents.filter((i) => i.kind === 'topic-surge').some((i) => i.topicId === 'double-charge')).toBe(
      true,
    );
  });

  it('finds the incident active at a time, and none between incidents', () => {
    const schedule = new IncidentSchedule({ seed: 'y', startMs: START });
    for (const incident of schedule.until(START + 6 * 60 * MIN)) {
      expect(schedule.activeAt(incident.startsAt)).toBe(incident);
      expect(schedule.activeAt(incident.endsAt - 1)).toBe(incident);
      expect(schedule.activeAt(incident.endsAt)).toBeUndefined();
      expect(schedule.activeAt(incident.startsAt - 1)).toBeUndefined();
    }
    expect(schedule.activeAt(START)).toBeUndefined();
  });

  it('triples a surging team volume', () => {
    const schedule = new IncidentSchedule({ seed: 'z', startMs: START });
    const surge = schedule.incident(0);
    expect(surge.kind).toBe('topic-surge');
    expect(schedule.extraRate(surge, 10)).toBeCloseTo(10 * teamShare(surge.team) * 2);
    expect(schedule.extraRate(undefined, 10)).toBe(0);
    expect(schedule.extraRate(schedule.incident(1), 10)).toBe(0);
  });
});
