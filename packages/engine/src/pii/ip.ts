import type { PiiSpan } from './types';

const OCTET = String.raw`(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)`;
const IPV4 = new RegExp(String.raw`(?<![\w.])${OCTET}(?:\.${OCTET}){3}(?![\w]|\.\d)`, 'g');
/** Hex groups and colons; validated by ipv6Valid. */
const IPV6_CANDIDATE = /(?<![\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:[0-9A-Fa-f]{1,4}|:)?(?![\w:])/g;
/** Words before four dotted numbers that make them a version, not an address. */
const VERSION_BEFORE =
  /(?<![a-zāčēģīķļņšūž0-9])(?:v|version|ver\.?|versij[a-zāčēģīķļņšūž]*|build|release|firmware|app|ios|android)\s*$/i;

/** A full or "::"-compressed IPv6 address (not a time like 10:30:00). */
export function ipv6Valid(s: string): boolean {
  const halves = s.split('::');
  if (halves.length > 2) return false;
  const groups = halves.flatMap((h) => (h === '' ? [] : h.split(':')));
  if (!groups.every((g) => /^[0-9A-Fa-f]{1,4}$/.test(g))) return false;
  if (halves.length === 2) return groups.length >= 2 && groups.length <= 7;
  return groups.length === 8;
}

/** IPv4 and IPv6 addresses; a version string shaped like an address is not one. */
export function findIps(text: string, out: PiiSpan[]): void {
  IPV4.lastIndex = 0;
  for (let m = IPV4.exec(text); m; m = IPV4.exec(text)) {
    if (VERSION_BEFORE.test(text.slice(Math.max(0, m.index - 12), m.index))) continue;
    out.push({
      type: 'ip_address',
      start: m.index,
      end: m.index + m[0].length,
      ruleId: 'pii.ip_address.v4',
      masked: false,
      mask: '[IP]',
    });
  }
  if (text.indexOf(':') < 0) return;
  IPV6_CANDIDATE.lastIndex = 0;
  for (let m = IPV6_CANDIDATE.exec(text); m; m = IPV6_CANDIDATE.exec(text)) {
    if (!ipv6Valid(m[0])) continue;
    out.push({
      type: 'ip_address',
      start: m.index,
      end: m.index + m[0].length,
      ruleId: 'pii.ip_address.v6',
      masked: false,
      mask: '[IP]',
    });
  }
}
