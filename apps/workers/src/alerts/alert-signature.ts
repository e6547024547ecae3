import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * A webhook body's signature: `v1=` and the hex HMAC-SHA256, keyed with the channel's secret, of
 * "<timestamp>.<body>" (timestamp: Unix seconds, also sent as Vigil-Timestamp). Signing the time
 * with the body lets a receiver refuse old requests replayed.
 */
export function signAlert(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** What a receiver does (README "Alerts"): recompute, compare in constant time, check the age. */
export function verifyAlertSignature(
  secret: string,
  timestamp: string,
  body: string,
  signature: string,
  { toleranceSeconds = 300, now = Date.now() } = {},
): boolean {
  const seconds = Number(timestamp);
  if (!Number.isInteger(seconds) || Math.abs(now / 1000 - seconds) > toleranceSeconds) return false;
  const expected = Buffer.from(signAlert(secret, seconds, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
