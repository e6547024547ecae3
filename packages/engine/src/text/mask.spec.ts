import { maskPersonalData } from './mask';

describe('maskPersonalData', () => {
  it('masks e-mail addresses and card, phone and account numbers', () => {
    expect(maskPersonalData('write to jānis.bērziņš@example.lv please')).toBe('write to [email] please');
    expect(maskPersonalData('card 4111 1111 1111 1111 was declined')).toBe('card [number] was declined');
    expect(maskPersonalData('call me on +371 2912-3456')).toBe('call me on [number]');
    expect(maskPersonalData('IBAN account 12345678')).toBe('IBAN account [number]');
  });

  it('keeps short numbers that are part of the request', () => {
    expect(maskPersonalData('charged 2 times, 49.99 each, on 12.11')).toBe(
      'charged 2 times, 49.99 each, on 12.11',
    );
    expect(maskPersonalData('order from 2026 is late')).toBe('order from 2026 is late');
  });
});
