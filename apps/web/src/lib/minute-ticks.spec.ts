import { TIME_LABEL_PX, minuteTickStep } from './minute-ticks';

/** The overview's time axis labels only round minutes, no more of them than fit the axis. */
describe('minuteTickStep', () => {
  const labelsShown = (minutes: number, widthPx: number) =>
    Math.floor(minutes / minuteTickStep(minutes, widthPx));

  it.each([
    ['4 h on a wide card', 240, 1100],
    ['4 h on a phone', 240, 330],
    ['1 h on a phone', 60, 330],
    ['15 min on a wide card', 15, 1100],
  ])('never puts more labels on %s than fit', (_what, minutes, width) => {
    expect(labelsShown(minutes, width)).toBeLessThanOrEqual(Math.max(2, Math.floor(width / TIME_LABEL_PX)));
  });

  it('labels a 4 h window by the half hour on a wide card and by the hour on a phone', () => {
    expect(minuteTickStep(240, 1100)).toBe(30);
    expect(minuteTickStep(240, 330)).toBe(60);
  });

  it('labels every minute when there is room', () => {
    expect(minuteTickStep(15, 1100)).toBe(1);
  });
});
