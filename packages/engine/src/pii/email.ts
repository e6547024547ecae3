import type { PiiSpan } from './types';

/** A local part, "@", and a domain with a letters-only top-level label (Unicode letters allowed). */
const EMAIL =
  /(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]{1,64}@(?:[\p{L}\p{N}-]{1,63}\.)+\p{L}{2,24}(?![\p{L}\p{N}-])/gu;

/** E-mail addresses. */
export function findEmails(text: string, out: PiiSpan[]): void {
  if (text.indexOf('@') < 0) return;
  EMAIL.lastIndex = 0;
  for (let m = EMAIL.exec(text); m; m = EMAIL.exec(text))
    out.push({
      type: 'email',
      start: m.index,
      end: m.index + m[0].length,
      ruleId: 'pii.email',
      masked: false,
      mask: '[EMAIL]',
    });
}
