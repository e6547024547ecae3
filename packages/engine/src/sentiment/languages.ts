import { en } from './lang/en';
import { lv } from './lang/lv';
import type { LanguagePack } from './language-pack';

/** The languages the sentiment analyzer knows; anything else is scored with English rules. */
const PACKS = new Map<string, LanguagePack>([
  ['en', en],
  ['lv', lv],
]);

export const DEFAULT_LANGUAGE = 'en';

/** "lv", "lv-LV" and "LV" all find the Latvian pack; unknown languages fall back to English. */
export function languagePack(language: string): LanguagePack {
  const exact = PACKS.get(language);
  if (exact) return exact;
  const base = language.toLowerCase().split(/[-_]/)[0] ?? '';
  return PACKS.get(base) ?? en;
}

export function supportedLanguages(): string[] {
  return [...PACKS.keys()];
}
