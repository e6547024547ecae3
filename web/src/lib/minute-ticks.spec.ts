import { describe, expect, it } from '@jest/globals';
import { TIME_LABEL_PX, minuteTickStep } from './minute-ticks';

describe('time labels on a per-minute axis', () => {
  it('labels 4 h on a wide card every 30 minutes, not every few bars', () => {
    expect(minuteTickStep(240, 520)).toBe(60);
    expect(minuteTickStep(240, 640)).toBe(30);
  });

  it('labels fewer on a phone, and never more than fit side by side', () => {
    for (const minutes of [15, 60, 240])
      for (const width of [250, 320, 520, 900, 1400]) {
        const step = minuteTickStep(minutes, width);
        expect((minutes / step) * TIME_LABEL_PX).toBeLessThanOrEqual(Math.max(2 * TIME_LABEL_PX, width));
      }
    expect(minuteTickStep(240, 300)).toBe(60);
  });

  it('labels a short window often enough to read', () => {
    expect(minuteTickStep(15, 520)).toBe(5);
    expect(minuteTickStep(60, 520)).toBe(10);
  });
});
