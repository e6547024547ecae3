import { createHmac } from 'node:crypto';
import { signAlert, verifyAlertSignature } from './alert-signature';

describe('alert signatures', () => {
  const body = JSON.stringify({ event: 'flag', summary: 'x' });
  const now = 1_796_000_000_000;
  const ts = now / 1000;

  it('is v1= and the hex HMAC-SHA256 of "timestamp.body" with the secret', () => {
    const expected = createHmac('sha256', 'secret-0123456789').update(`${ts}.${body}`).digest('hex');
    expect(signAlert('secret-0123456789', ts, body)).toBe(`v1=${expected}`);
  });

  it('verifies its own signature and refuses another secret, another body, or an old timestamp', () => {
    const signature = signAlert('secret-0123456789', ts, body);
    expect(verifyAlertSignature('secret-0123456789', String(ts), body, signature, { now })).toBe(true);
    expect(verifyAlertSignature('another-secret-xyz', String(ts), body, signature, { now })).toBe(false);
    expect(verifyAlertSignature('secret-0123456789', String(ts), `${body} `, signature, { now })).toBe(false);
    expect(
      verifyAlertSignature('secret-0123456789', String(ts), body, signature, { now: now + 301_000 }),
    ).toBe(false);
    expect(verifyAlertSignature('secret-0123456789', 'soon', body, signature, { now })).toBe(false);
  });
});
