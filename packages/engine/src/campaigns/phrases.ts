/**
 * The phrases a campaign's members share: word n-grams found in the most members (each member
 * counted once per phrase), longest first among equals, placeholders kept so "<name>" shows where
 * callers said different names. Overlapping phrases are dropped in favour of the more common one.
 */
export function sharedPhrases(members: readonly (readonly string[])[], n = 4, top = 5): string[] {
  const counts = new Map<string, number>();
  for (const words of members) {
    const seen = new Set<string>();
    for (let i = 0; i + n <= words.length; i++) seen.add(words.slice(i, i + n).join(' '));
    for (const phrase of seen) counts.set(phrase, (counts.get(phrase) ?? 0) + 1);
  }
  const atLeast = Math.max(2, Math.ceil(members.length / 2));
  const ranked = [...counts]
    .filter(([phrase, count]) => count >= atLeast && !/^(<\w+> ?)+$/.test(phrase))
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const chosen: string[] = [];
  for (const [phrase] of ranked) {
    if (chosen.length >= top) break;
    const words = phrase.split(' ');
    // Skip a phrase that shares n-1 words with one already chosen (a shifted window of it).
    const overlaps = chosen.some((c) => {
      const cw = c.split(' ');
      return (
        cw.slice(1).join(' ') === words.slice(0, -1).join(' ') ||
        words.slice(1).join(' ') === cw.slice(0, -1).join(' ')
      );
    });
    if (!overlaps) chosen.push(phrase);
  }
  return chosen;
}
