import { maskPersonalData } from './mask';

describe('maskPersonalData', () => {
  it('masks personal data as stored text is masked', () => {
    expect(maskPersonalData('write to jānis.bērziņš@example.lv please')).toBe('write to [EMAIL] please');
    expect(maskPersonalData('card 4111 1111 1111 1111 was declined')).toBe(
      'card [CARD •••• 1111] was declined',
    );
    expect(maskPersonalData('call me on +371 2912-3456')).toBe('call me on [PHONE •••• 56]');
  });

  it('and masks the long numbers left, which may be account or customer numbers', () => {
    expect(maskPersonalData('IBAN account 12345678')).toBe('IBAN account [number]');
    expect(maskPersonalData('customer no. 4411 2299 1')).toBe('customer no. [number]');
  });

  it('keeps short numbers that are part of the request', () => {
    expect(maskPersonalData('charged 2 times, 49.99 each, on 12.11')).toBe(
      'charged 2 times, 49.99 each, on 12.11',
    );
    expect(maskPersonalData('order from 2026 is late')).toBe('order from 2026 is late');
  });
});
