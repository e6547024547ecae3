/**
 * The wording cues the QA criteria look for. Each cue list is one case-insensitive regular
 * expression, compiled once; criteria can add phrases from the scorecard (see phraseMatcher).
 * English first, with the most common Latvian forms; other languages need their phrases added in
 * the scorecard's params until they get lists here.
 */

const W = "[\\p{L}\\p{N}'’-]+"; // one word, for "*" in configured phrases

/** Agent greets: "Hello", "Good morning", "Thanks for contacting", "My name is...". */
export const GREETING =
  /\b(?:hello|hi|hey|greetings|good (?:morning|afternoon|evening|day)|welcome(?: to)?|thanks? (?:you )?for (?:contacting|reaching out|calling|getting in touch|choosing|waiting)|my name is|this is \p{L}+ (?:from|speaking|here)|how (?:can|may|could) i (?:help|assist)|labdien|sveiki|labrīt|labvakar)\b/iu;

/** Customer asks to change account details (what kb.json's verify-identity-before-update-account protects). */
export const CHANGE_REQUEST = new RegExp(
  String.raw`\b(?:(?:change|changing|update|updating|edit|modify|correct|replace|reset|switch)\b[^.?!\n]{0,30}?\b(?:address|e-?mail|phone(?: number)?|mobile(?: number)?|number on (?:my|the) account|name|surname|password|pin|payment method|card details|bank details|billing details|contact details|account details|personal details|2fa|two[- ]factor|authenticator|payee|beneficiary)` +
    String.raw`|add (?:a |an )?(?:new )?(?:payee|beneficiary|authori[sz]ed user|card|phone number|e-?mail)` +
    String.raw`|(?:new|different) (?:address|e-?mail(?: address)?|phone number|mobile number)` +
    String.raw`|i(?:'ve| have)? moved)\b`,
  'iu',
);

/** Agent asks the customer to prove who they are. */
export const VERIFY_REQUEST = new RegExp(
  String.raw`\b(?:verify (?:your |the )?(?:identity|account|details|information|name|e-?mail|phone)|verify (?:it is|that it'?s) you|confirm (?:your|the) (?:identity|full name|name|date of birth|e-?mail|address|phone|account|zip|post ?code|username|security)` +
    String.raw`|identity (?:check|verification)|security (?:question|check|reasons|purposes|code)|date of birth|last (?:four|4) digits|(?:one[- ]time|verification|security|confirmation) code|passcode|full name|account (?:id|number)|zip code|post ?code|username and|mother'?s maiden name` +
    String.raw`|(?:for|before) (?:i|we) (?:can )?(?:make|proceed|change|update)[^.?!]{0,20}(?:verify|confirm))\b`,
  'iu',
);

/** Agent says the change was made. */
export const CHANGE_CONFIRMED = new RegExp(
  String.raw`\b(?:i(?:'ve| have)? (?:now |just |successfully )?(?:updated|changed|reset|added|removed|edited|replaced|switched)` +
    String.raw`|(?:has|have) (?:now )?been (?:successfully )?(?:updated|changed|reset|added|removed|edited|replaced)` +
    String.raw`|is now (?:updated|changed|set|active)|(?:successfully|now) (?:updated|changed)|(?:the )?change (?:is|has been) (?:done|made|saved|complete)|all (?:set|done|updated))\b`,
  'iu',
);

/** Customer is upset (used when the caller gives no customerUpsetAt from the sentiment analyzer). */
export const UPSET = new RegExp(
  String.raw`\b(?:frustrat\p{L}*|annoy\p{L}*|angry|furious|upset|ridiculous|unacceptable|terrible|awful|horrible|worst|disappoint\p{L}*|disgust\p{L}*|fed up|sick (?:and tired )?of|outrageous|useless|pathetic|not happy|unhappy|waste of (?:my )?time|scam|rip[- ]?off|still (?:not|no|waiting|haven'?t|hasn'?t|didn'?t|have not|has not)|nobody (?:answers|helps|replies|responds|cares)|no one (?:answers|helps|replies|responds|cares)|(?:third|fourth|fifth) time|for (?:weeks|days|hours) now|what the hell|wtf|dusmīg\p{L}*|nepieņemam\p{L}*|briesmīg\p{L}*)` +
    String.raw`|!{2,}`,
  'iu',
);

/** Agent acknowledges the customer's feelings. */
export const EMPATHY =
  /\b(?:sorry|apologi[sz]e|apologies|i (?:completely |totally |fully )?understand|i can (?:imagine|see|understand) (?:how|why|that|this|your)|that must (?:be|have been)|(?:is|be|sounds|must be) (?:so |really |very )?(?:frustrating|annoying|upsetting|stressful)|i know how|i hear you|i regret|unfortunate|thank you for your patience|i appreciate your patience|i'?d feel the same|atvainojiet|atvainojos|saprotu)\b/iu;

/** Agent offers or carries out a fix, or explains what to do. */
export const SOLUTION = new RegExp(
  String.raw`\b(?:i(?:'ve| have)? (?:now |just )?(?:processed|issued|sent|updated|changed|reset|cancell?ed|refunded|arranged|escalated|booked|scheduled|fixed|resolved|applied|credited|ordered|created|unlocked|blocked|frozen|replaced|reversed|removed|added|reactivated)` +
    String.raw`|(?:i|we)(?: will|'ll| can| could) (?:now )?(?:send|issue|process|refund|arrange|replace|reset|cancel|escalate|book|schedule|credit|unlock|block|freeze|fix|update|change|reverse|reactivate|offer|waive|expedite)` +
    String.raw`|you (?:can|could|should|will|'ll) (?:now )?(?:receive|see|get|find|try|use|go|click|tap|log|reset|update|change|download|visit|expect)` +
    String.raw`|please (?:try|go to|click|tap|restart|reinstall|update|clear|log out|check|follow|use)|try (?:again|restarting|clearing|logging|reinstalling|updating)|here(?:'s| is) how|follow these|the steps are|i (?:recommend|suggest)|(?:we|i) can offer|as a (?:goodwill|gesture)` +
    String.raw`|(?:has|have) been (?:processed|issued|refunded|sent|fixed|resolved|credited|cancell?ed|replaced|escalated|reversed|unlocked|blocked|reactivated)|will be (?:refunded|credited|delivered|sent|replaced|reversed|fixed|back))\b`,
  'iu',
);

/** Agent checks the issue is resolved or offers more help. */
export const RESOLUTION_CHECK = new RegExp(
  String.raw`\b(?:(?:does|did|has|will|would) (?:that|this|it) (?:solve|resolve|fix|help|answer|work|sort|clear)|(?:is|was) there anything else|anything else (?:i|we) can|can i help (?:you )?with anything else|(?:have|did) i (?:answered|answer|resolved|resolve|solved|solve)` +
    String.raw`|is (?:your|the|that) (?:issue|problem|question|matter) (?:now )?(?:resolved|solved|fixed|sorted|answered)|are you (?:happy|satisfied) with|does that (?:make sense|answer)|is everything (?:working|ok|okay|clear|fine) now|(?:all|is it) (?:good|working|sorted) now|vai (?:vēl )?varu (?:vēl )?(?:kā )?palīdzēt)`,
  'iu',
);

/** Agent closes politely. */
export const CLOSING =
  /\b(?:thanks? (?:you )?(?:so much |very much )?for (?:contacting|reaching out|calling|choosing|your patience|being|chatting|getting in touch|your time|waiting|using)|have a (?:great|good|nice|lovely|wonderful|pleasant) (?:day|evening|weekend|one|night|afternoon|morning)|goodbye|good ?bye|bye|take care|all the best|glad (?:i|we) could help|happy to help|you'?re welcome|enjoy your|paldies|uz redzēšanos|jauku dienu)\b/iu;

const escape = (s: string) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&');

const compiled = new Map<string, RegExp>();

/**
 * A matcher for configured phrases: case-insensitive, on word boundaries, whitespace-tolerant,
 * "'" matching both apostrophes and "*" standing for one word. Compiled once per phrase list.
 */
export function phraseMatcher(phrases: readonly string[] | undefined): RegExp | null {
  if (!phrases || phrases.length === 0) return null;
  const key = phrases.join('\u0000');
  let re = compiled.get(key);
  if (!re) {
    const alts = phrases
      .map((p) => p.trim())
      .filter(Boolean)
      .map((p) => escape(p).replace(/\s+/g, '\\s+').replace(/['’]/g, "['’]").replace(/\*/g, W));
    if (alts.length === 0) return null;
    re = new RegExp(`(?<![\\p{L}\\p{N}])(?:${alts.join('|')})(?![\\p{L}\\p{N}])`, 'iu');
    if (compiled.size > 200) compiled.clear();
    compiled.set(key, re);
  }
  return re;
}

export interface CueMatch {
  start: number;
  end: number;
}

/** First match of the built-in cue or of any configured phrase, whichever comes first. */
export function findCue(text: string, builtIn: RegExp | null, extra: RegExp | null): CueMatch | null {
  let best: CueMatch | null = null;
  for (const re of [builtIn, extra]) {
    if (!re) continue;
    const m = re.exec(text);
    if (m && (best === null || m.index < best.start)) best = { start: m.index, end: m.index + m[0].length };
  }
  return best;
}
