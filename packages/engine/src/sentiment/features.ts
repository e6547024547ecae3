import type { LanguagePack } from './language-pack';
import { type Token, TokenKind } from './tokenize';

/**
 * The features the emotion model sees. The training script (packages/engine/scripts/train-emotions.mjs)
 * imports this same function from the compiled output, so training and run time cannot drift apart.
 *
 * Words are lower-cased; a word within three words after a negator (same clause) becomes "NOT_word";
 * emoji and emoticons are features as written; "!!" marks repeated exclamation, "?" a question,
 * "__CAPS__" a word in capitals.
 */
export function emotionFeatures(tokens: readonly Token[], pack: LanguagePack): string[] {
  const out: string[] = [];
  let negatedFor = 0;
  let caps = false;
  for (const t of tokens) {
    if (t.kind === TokenKind.Word) {
      if (isNegator(t.norm, pack)) {
        out.push(t.norm);
        negatedFor = 3;
        continue;
      }
      out.push(negatedFor > 0 ? `NOT_${t.norm}` : t.norm);
      if (negatedFor > 0) negatedFor--;
      if (t.caps && t.end - t.start > 2) caps = true;
    } else if (t.kind === TokenKind.Punct) {
      negatedFor = 0;
      if (t.norm.includes('?')) out.push('?');
      if (t.norm.indexOf('!') !== t.norm.lastIndexOf('!')) out.push('!!');
    } else {
      out.push(t.norm);
    }
  }
  if (caps) out.push('__CAPS__');
  return out;
}

export function isNegator(norm: string, pack: LanguagePack): boolean {
  if (pack.negators.has(norm)) return true;
  for (const suffix of pack.negatorSuffixes) if (norm.endsWith(suffix)) return true;
  return false;
}
