import { randomBytes } from 'node:crypto';
import { openTexts, sealTexts } from './original-texts.js';

describe('sealing original texts', () => {
  const key = randomBytes(32);
  const texts = ['my card is 4111 1111 1111 1111', 'mani sauc Jānis'];

  it('opens what it sealed, and the sealed bytes do not hold the text', () => {
    const sealed = sealTexts(key, 'zendesk', 'zd-1', texts);
    expect(sealed.ciphertext.toString('utf8')).not.toContain('4111');
    expect(openTexts(key, 'zendesk', 'zd-1', sealed)).toEqual(texts);
  });

  it('uses a fresh IV each time', () => {
    expect(sealTexts(key, 'zendesk', 'zd-1', texts).iv).not.toEqual(
      sealTexts(key, 'zendesk', 'zd-1', texts).iv,
    );
  });

  it('refuses another key, another conversation and altered bytes', () => {
    const sealed = sealTexts(key, 'zendesk', 'zd-1', texts);
    expect(() => openTexts(randomBytes(32), 'zendesk', 'zd-1', sealed)).toThrow();
    expect(() => openTexts(key, 'zendesk', 'zd-2', sealed)).toThrow();
    const altered = Buffer.from(sealed.ciphertext);
    altered[0] = altered[0]! ^ 1;
    expect(() => openTexts(key, 'zendesk', 'zd-1', { ...sealed, ciphertext: altered })).toThrow();
  });
});
