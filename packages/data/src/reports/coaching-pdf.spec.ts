import type { Evidence } from '@vigil/contracts';
import { evidenceSegments, printable } from './coaching-pdf';

const span = (start: number, end: number): Evidence => ({
  messageIndex: 0,
  start,
  end,
  quote: '',
  target: { kind: 'criterion', key: 'greeting' },
  ruleId: 'r',
});

describe('the coaching PDF', () => {
  it('splits a message into marked and plain spans, overlapping evidence merged', () => {
    expect(evidenceSegments('Hello there, sorry!', [span(0, 5), span(3, 8), span(13, 18)])).toEqual([
      { text: 'Hello th', marked: true },
      { text: 'ere, ', marked: false },
      { text: 'sorry', marked: true },
      { text: '!', marked: false },
    ]);
    expect(evidenceSegments('abc', [span(2, 99)])).toEqual([
      { text: 'ab', marked: false },
      { text: 'c', marked: true },
    ]);
  });

  it('keeps Latin-1 and writes other letters as Helvetica can set them', () => {
    expect(printable('Café – “ok” … Ilze Ābele, Grüße 😀')).toBe('Café - "ok" ... Ilze Abele, Grüße ?');
  });
});
