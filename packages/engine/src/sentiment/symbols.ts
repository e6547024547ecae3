import type { Emotion } from '@vigil/contracts';
import { VADER_LEXICON_TSV } from './data/vader-lexicon.en';

/**
 * Emoticons and emoji mean the same in every language. Emoticons come from the VADER lexicon
 * (the entries that are not words); emoji valences are ours, on the same -4..+4 scale.
 */

const WORDLIKE = /^[\p{L}\p{N}'-]+$/u;

export const EMOTICONS: ReadonlyMap<string, number> = (() => {
  const map = new Map<string, number>();
  for (const line of VADER_LEXICON_TSV.split('\n')) {
    const tab = line.indexOf('\t');
    const token = line.slice(0, tab);
    if (tab > 1 && !token.includes(' ') && !WORDLIKE.test(token)) map.set(token, Number(line.slice(tab + 1)));
  }
  // a few common ones VADER lacks or scores oddly
  map.set(':-))', 2.8);
  map.set(':))', 2.6);
  map.set(':((', -2.4);
  map.set(':-((', -2.4);
  map.set('-_-', -1.2);
  map.set('^^', 1.8);
  map.set('^_^', 2.0);
  map.set('xd', 2.2);
  map.set('o.o', -0.3);
  map.set('o_o', -0.3);
  return map;
})();
export const EMOTICON_SET: ReadonlySet<string> = new Set(EMOTICONS.keys());

interface EmojiEntry {
  valence: number;
  emotions?: Partial<Record<Emotion, number>>;
}

const e = (valence: number, emotions?: Partial<Record<Emotion, number>>): EmojiEntry => ({
  valence,
  emotions,
});

/** Keyed by the base code point (skin tones and variation selectors are dropped by the tokenizer). */
export const EMOJI: ReadonlyMap<string, EmojiEntry> = new Map<string, EmojiEntry>([
  ['😀', e(2.2)],
  ['😃', e(2.3)],
  ['😄', e(2.4)],
  ['😁', e(2.2)],
  ['😆', e(2.2)],
  ['😅', e(0.8)],
  ['🤣', e(2.4)],
  ['😂', e(1.8)],
  ['🙂', e(1.4)],
  ['😉', e(1.3)],
  ['😊', e(2.4)],
  ['😇', e(2.0)],
  ['🥰', e(3.0)],
  ['😍', e(3.0)],
  ['🤩', e(3.0)],
  ['😘', e(2.6)],
  ['😋', e(2.0)],
  ['😎', e(1.8)],
  ['🤗', e(2.2, { gratitude: 0.4 })],
  ['🥳', e(2.8)],
  ['👍', e(1.8)],
  ['👌', e(1.6)],
  ['👏', e(2.0)],
  ['🙌', e(2.4)],
  ['💪', e(1.6)],
  ['🙏', e(1.8, { gratitude: 0.8 })],
  ['❤', e(2.8)],
  ['🧡', e(2.6)],
  ['💛', e(2.6)],
  ['💚', e(2.6)],
  ['💙', e(2.6)],
  ['💜', e(2.6)],
  ['💖', e(2.8)],
  ['💕', e(2.8)],
  ['✨', e(1.4)],
  ['🎉', e(2.4)],
  ['⭐', e(1.6)],
  ['🌟', e(1.8)],
  ['✅', e(1.2)],
  ['🔥', e(1.0)],
  ['😐', e(-0.4)],
  ['😑', e(-0.8, { frustration: 0.4 })],
  ['🙄', e(-1.6, { frustration: 0.7 })],
  ['😒', e(-1.6, { frustration: 0.6 })],
  ['😏', e(-0.4)],
  ['😕', e(-1.2, { confusion: 0.6 })],
  ['🤔', e(-0.2, { confusion: 0.6 })],
  ['😟', e(-1.6)],
  ['🙁', e(-1.6, { disappointment: 0.5 })],
  ['☹', e(-1.8, { disappointment: 0.5 })],
  ['😮', e(-0.2)],
  ['😲', e(-0.4)],
  ['😳', e(-0.6)],
  ['😦', e(-1.4)],
  ['😧', e(-1.6)],
  ['😨', e(-2.0)],
  ['😰', e(-2.0)],
  ['😥', e(-1.6, { disappointment: 0.5 })],
  ['😢', e(-2.2, { disappointment: 0.6 })],
  ['😭', e(-2.4, { disappointment: 0.6 })],
  ['😱', e(-2.2)],
  ['😖', e(-2.0, { frustration: 0.6 })],
  ['😣', e(-1.8, { frustration: 0.6 })],
  ['😞', e(-2.2, { disappointment: 0.8 })],
  ['😓', e(-1.6)],
  ['😩', e(-2.2, { frustration: 0.7 })],
  ['😫', e(-2.2, { frustration: 0.7 })],
  ['😤', e(-2.4, { frustration: 0.8, anger: 0.5 })],
  ['😡', e(-3.0, { anger: 0.9, frustration: 0.6 })],
  ['😠', e(-2.8, { anger: 0.8, frustration: 0.6 })],
  ['🤬', e(-3.4, { anger: 1, frustration: 0.7 })],
  ['👿', e(-2.6, { anger: 0.7 })],
  ['💢', e(-2.2, { anger: 0.7 })],
  ['🤯', e(-1.6, { frustration: 0.6, confusion: 0.4 })],
  ['🤦', e(-1.8, { frustration: 0.8 })],
  ['🤷', e(-0.4, { confusion: 0.5 })],
  ['❓', e(0, { confusion: 0.4 })],
  ['⁉', e(-0.4, { confusion: 0.4 })],
  ['👎', e(-2.0, { disappointment: 0.5 })],
  ['💔', e(-2.6, { disappointment: 0.7 })],
  ['🤮', e(-2.8, { anger: 0.4 })],
  ['🤢', e(-2.2)],
  ['💩', e(-2.0)],
  ['⏰', e(0, { urgency: 0.5 })],
  ['⏳', e(-0.2, { urgency: 0.4 })],
  ['🚨', e(-0.6, { urgency: 0.8 })],
  ['⚠', e(-0.6, { urgency: 0.5 })],
  ['❗', e(0, { urgency: 0.5 })],
  ['‼', e(0, { urgency: 0.6 })],
]);
