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
  forEachEmotionFeature(
    tokens,
    (i) => isNegator(tokens[i]!.norm, pack),
    (i, negated) => out.push(negated ? `NOT_${tokens[i]!.norm}` : tokens[i]!.norm),
    (feature) => out.push(feature),
  );
  return out;
}

/**
 * The features of emotionFeatures, in the same order, without making their strings: `word(i, negated)`
 * for word token i ("NOT_word" when negated), `other(feature)` for the rest. The scorer looks a word's
 * model weights up once per word (its word facts) rather than per occurrence by a new string.
 */
export function forEachEmotionFeature(
  tokens: readonly Token[],
  negatorAt: (i: number) => boolean,
  word: (i: number, negated: boolean) => void,
  other: (feature: string) => void,
): void {
  let negatedFor = 0;
  let caps = false;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind === TokenKind.Word) {
      if (negatorAt(i)) {
        word(i, false);
        negatedFor = 3;
        continue;
      }
      word(i, negatedFor > 0);
      if (negatedFor > 0) negatedFor--;
      if (t.caps && t.end - t.start > 2) caps = true;
    } else if (t.kind === TokenKind.Punct) {
      negatedFor = 0;
      if (t.norm.includes('?')) other('?');
      if (t.norm.indexOf('!') !== t.norm.lastIndexOf('!')) other('!!');
    } else {
      other(t.norm);
    }
  }
  if (caps) other('__CAPS__');
}

export function isNegator(norm: string, pack: LanguagePack): boolean {
  if (pack.negators.has(norm)) return true;
  for (const suffix of pack.negatorSuffixes) if (norm.endsWith(suffix)) return true;
  return false;
}
