import {
  DEFAULT_DISCOVERY_OPTIONS,
  type Conversation,
  type DiscoveryOptions,
  type DiscoveryResult,
  type DiscoveryText,
  type TopicCandidate,
  type TopicDefinition,
  type TopicTaxonomy,
} from '@vigil/contracts';
import { maskPersonalData } from '../text/mask';
import { tokenize, type Token } from '../text/tokenize';
import { getModel, scoreTokens } from './model';

/**
 * Discovery of topics the taxonomy does not have yet. Recent customer requests that no topic
 * explains well are turned into sparse TF-IDF vectors of content-word stems and their bigrams,
 * clustered by cosine similarity (a greedy leader pass that fixes the number of clusters from the
 * data, then a few k-means-like passes that move texts to their nearest centre), and the clusters
 * large enough to matter become candidates with a label from their most distinctive terms and a few
 * typical examples. Pure and deterministic: the same texts in the same order give the same
 * candidates. Cost is roughly texts × clusters × words per text; 10k texts take about a second.
 */

const MAX_TOKENS = 120;

/**
 * Words that say nothing about what a customer contacts about, on top of the tokenizer's function
 * words: courtesy ("great, thank you so much"), sign-off words, vague nouns and reporting verbs ("it
 * says something went wrong"). Left in, every polite customer shares them and they win the labels
 * ("great much", "says something").
 */
const FILLER: ReadonlySet<string> = new Set(
  (
    'great much many lot lots appreciate appreciated sorry kind kindly regards regard best cheers ' +
    'sincerely wishes dear morning afternoon evening greetings team ' +
    'something anything everything nothing someone anyone everyone thing things stuff ' +
    'say says said saying tell told ask asked asking really actually even quite'
  ).split(' '),
);

/** A line that opens a message: "Hi,", "Hello Ann,", "Dear support team," (four words at most). */
const GREETING_LINE = /^(hi|hello|hey|dear|good (morning|afternoon|evening)|greetings)\b[^\n.!?]*$/i;
/** A line that closes one: "Kind regards,", "Best, Priya", "Thanks,", "Sent from my iPhone". */
const SIGN_OFF_LINE =
  /^((kind|best|warm|many)\s+)?(regards|wishes|thanks|thank you|cheers|sincerely|best|br|yours( truly| sincerely)?|sent from my)\b/i;
/** A signature under a sign-off is at most this many lines (the name, a company, a phone). */
const MAX_SIGNATURE_LINES = 3;

const words = (line: string) => line.split(/\s+/).filter(Boolean).length;

/**
 * A customer message without its greeting and sign-off lines, which carry names ("Regards,
 * Grace") and courtesy rather than the request.
 */
function requestPart(text: string): string {
  const lines = text.split(/\r?\n/);
  const first = lines.findIndex((l) => l.trim() !== '');
  if (first >= 0 && lines.length > first + 1) {
    const line = lines[first]!.trim();
    if (GREETING_LINE.test(line) && words(line) <= 4) lines.splice(first, 1);
  }
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!.trim();
    const after = lines.slice(i + 1).filter((l) => l.trim() !== '');
    if (SIGN_OFF_LINE.test(line) && words(line) <= 4 && after.length <= MAX_SIGNATURE_LINES) {
      lines.length = i;
      break;
    }
  }
  return lines.join('\n').trim();
}

/** The capitalised given and family names of the conversation's agents, to be left out. */
function namePattern(conversation: Partial<Pick<Conversation, 'agents'>>): RegExp | null {
  const names = new Set<string>();
  for (const a of conversation.agents ?? [])
    for (const part of (a.name ?? '').split(/[\s.,()]+/)) if (/^\p{Lu}\p{Ll}+$/u.test(part)) names.add(part); // letters only: nothing to escape
  return names.size ? new RegExp(`(?<![\\p{L}])(${[...names].join('|')})(?![\\p{L}])`, 'gu') : null;
}

/**
 * The customer's side of a conversation as one text, for discovery: each message without its
 * greeting and sign-off lines, and without the agents' names ("thanks Ann"). At most 500
 * characters, the longest example phrase a taxonomy topic may have, so an adopted candidate's
 * examples are valid.
 */
export function discoveryText(
  conversation: Pick<Conversation, 'messages'> & Partial<Pick<Conversation, 'agents'>>,
  maxChars = 500,
): string {
  const names = namePattern(conversation);
  const parts: string[] = [];
  let n = 0;
  for (const m of conversation.messages) {
    if (m.role !== 'customer') continue;
    let text = requestPart(m.text);
    if (names) text = text.replace(names, '').replace(/[ \t]+([ \t,.!?])/g, '$1');
    if (!text) continue;
    parts.push(text);
    n += text.length;
    if (n >= maxChars) break;
  }
  const text = parts.join(' ');
  // Never end on half an emoji: a lone surrogate is not valid text (jsonb rejects it).
  return text.length <= maxChars ? text : text.slice(0, maxChars).replace(/[\uD800-\uDBFF]$/, '');
}

/** Words that can describe a request: not function words, numbers, single letters or filler. */
const isContent = (t: Token) => !t.stop && t.stem !== '#num' && t.norm.length > 1 && !FILLER.has(t.norm);

interface Doc {
  index: number;
  ids: Int32Array;
  values: Float32Array;
}

interface Cluster {
  sum: Float32Array;
  norm2: number;
  members: number[];
}

function contentKeys(tokens: readonly Token[]): string[] {
  const content = tokens.filter(isContent);
  const keys: string[] = [];
  for (let i = 0; i < content.length; i++) {
    keys.push('w' + content[i]!.stem);
    if (i + 1 < content.length) keys.push('b' + content[i]!.stem + ' ' + content[i + 1]!.stem);
  }
  return keys;
}

function dot(doc: Doc, sum: Float32Array): number {
  let s = 0;
  for (let j = 0; j < doc.ids.length; j++) s += doc.values[j]! * sum[doc.ids[j]!]!;
  return s;
}

function cosine(doc: Doc, c: Cluster): number {
  return c.norm2 > 0 ? dot(doc, c.sum) / Math.sqrt(c.norm2) : 0;
}

function add(c: Cluster, doc: Doc, sign: 1 | -1): void {
  const d = dot(doc, c.sum);
  c.norm2 = Math.max(0, c.norm2 + sign * 2 * d + 1);
  for (let j = 0; j < doc.ids.length; j++) c.sum[doc.ids[j]!]! += sign * doc.values[j]!;
}

/** A taxonomy key from a label: ASCII letters and digits only, as configuration keys must be. */
function slug(s: string): string {
  return (
    s
      .toLowerCase()
      .normalize('NFKD')
      .replace(/\p{M}/gu, '') // "kļūda" → "kluda"
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '')
      .slice(0, 60) || 'topic'
  );
}

export function discoverTopics(
  texts: readonly DiscoveryText[],
  taxonomy: TopicTaxonomy | null,
  options: Partial<DiscoveryOptions> = {},
): DiscoveryResult {
  const opts: DiscoveryOptions = { ...DEFAULT_DISCOVERY_OPTIONS, ...options };
  const model = taxonomy && taxonomy.topics.length > 0 ? getModel(taxonomy) : null;

  // 1. Leave out what the taxonomy already explains.
  const pool: { text: DiscoveryText; tokens: Token[] }[] = [];
  let explained = 0;
  for (const t of texts) {
    const tokens = tokenize(t.text).slice(0, MAX_TOKENS);
    if (model) {
      const s = scoreTokens(model, tokens);
      let max = 0;
      for (const p of s.probs) if (p > max) max = p;
      if (max >= opts.explainedThreshold) {
        explained++;
        continue;
      }
    }
    pool.push({ text: t, tokens });
  }

  // 2. TF-IDF over the pool; features seen in a single text cannot make a cluster and are dropped.
  const keyLists = pool.map((p) => contentKeys(p.tokens));
  const df = new Map<string, number>();
  for (const keys of keyLists) for (const k of new Set(keys)) df.set(k, (df.get(k) ?? 0) + 1);
  const vocab = new Map<string, number>();
  const vocabKeys: string[] = [];
  for (const [k, n] of df) {
    if (n >= 2) {
      vocab.set(k, vocabKeys.length);
      vocabKeys.push(k);
    }
  }
  const N = pool.length;
  const V = vocab.size;
  const idf = new Float32Array(V);
  vocabKeys.forEach((k, i) => (idf[i] = Math.log((N + 1) / (df.get(k)! + 1)) + 1));

  const docs: Doc[] = [];
  keyLists.forEach((keys, index) => {
    const counts = new Map<number, number>();
    for (const k of keys) {
      const id = vocab.get(k);
      if (id !== undefined) counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    if (counts.size === 0) return;
    const ids = new Int32Array(counts.size);
    const values = new Float32Array(counts.size);
    let i = 0;
    let norm = 0;
    for (const [id, c] of counts) {
      ids[i] = id;
      values[i] = (1 + Math.log(c)) * idf[id]!;
      norm += values[i]! * values[i]!;
      i++;
    }
    const inv = 1 / Math.sqrt(norm);
    for (let j = 0; j < values.length; j++) values[j]! *= inv;
    docs.push({ index, ids, values });
  });

  // 3. Greedy leader clustering, then k-means-like refinement.
  let clusters: Cluster[] = [];
  const assignment = new Int32Array(docs.length).fill(-1);
  const nearest = (doc: Doc): [number, number] => {
    let best = -1;
    let bestSim = 0;
    for (let c = 0; c < clusters.length; c++) {
      const s = cosine(doc, clusters[c]!);
      if (s > bestSim) {
        bestSim = s;
        best = c;
      }
    }
    return [best, bestSim];
  };
  docs.forEach((doc, i) => {
    const [c, sim] = nearest(doc);
    if (c >= 0 && sim >= opts.similarity) {
      add(clusters[c]!, doc, 1);
      clusters[c]!.members.push(i);
      assignment[i] = c;
    } else {
      const cl: Cluster = { sum: new Float32Array(V), norm2: 0, members: [i] };
      add(cl, doc, 1);
      clusters.push(cl);
      assignment[i] = clusters.length - 1;
    }
  });

  for (let it = 0; it < opts.iterations; it++) {
    // Centres from the current members; tiny clusters are dissolved in the later passes so their
    // texts can join a neighbour or stay unclustered.
    const minSize = it >= opts.iterations / 2 ? opts.minClusterSize : 2;
    const sizes = new Int32Array(clusters.length);
    assignment.forEach((c) => c >= 0 && sizes[c]!++);
    const map = new Int32Array(clusters.length).fill(-1);
    const fresh: Cluster[] = [];
    sizes.forEach((n, ci) => {
      if (n >= minSize) {
        map[ci] = fresh.length;
        fresh.push({ sum: new Float32Array(V), norm2: 0, members: [] });
      }
    });
    docs.forEach((doc, i) => {
      const c = assignment[i]!;
      if (c >= 0 && map[c]! >= 0) add(fresh[map[c]!]!, doc, 1);
    });
    clusters = fresh;
    docs.forEach((doc, i) => {
      const [c, sim] = nearest(doc);
      assignment[i] = c >= 0 && sim >= opts.similarity ? c : -1;
    });
  }
  // Merge clusters whose centres are close (one request worded two ways), then one more pass.
  if (opts.mergeSimilarity < 1 && clusters.length > 1) {
    const parent = clusters.map((_, i) => i);
    const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
    const norms = clusters.map((c) => Math.sqrt(c.norm2) || 1);
    const pairs: [number, number, number][] = [];
    for (let a = 0; a < clusters.length; a++) {
      const sa = clusters[a]!.sum;
      for (let b = a + 1; b < clusters.length; b++) {
        const sb = clusters[b]!.sum;
        let d = 0;
        for (let v = 0; v < V; v++) d += sa[v]! * sb[v]!;
        const cos = d / (norms[a]! * norms[b]!);
        if (cos >= opts.mergeSimilarity) pairs.push([cos, a, b]);
      }
    }
    pairs.sort((x, y) => y[0] - x[0]);
    for (const [, a, b] of pairs) {
      const ra = find(a);
      const rb = find(b);
      if (ra !== rb) parent[rb] = ra;
    }
    const roots = new Map<number, number>();
    const merged: Cluster[] = [];
    clusters.forEach((_, i) => {
      const r = find(i);
      if (!roots.has(r)) {
        roots.set(r, merged.length);
        merged.push({ sum: new Float32Array(V), norm2: 0, members: [] });
      }
    });
    docs.forEach((doc, i) => {
      const c = assignment[i]!;
      if (c >= 0) add(merged[roots.get(find(c))!]!, doc, 1);
    });
    clusters = merged;
    docs.forEach((doc, i) => {
      const [c, sim] = nearest(doc);
      assignment[i] = c >= 0 && sim >= opts.similarity ? c : -1;
    });
  }
  for (const c of clusters) c.members = [];
  assignment.forEach((c, i) => c >= 0 && clusters[c]!.members.push(i));

  // 4. Candidates: big enough clusters, labelled by their most distinctive terms.
  const surfaces = new Map<string, Map<string, number>>();
  const noteSurface = (key: string, surface: string) => {
    let m = surfaces.get(key);
    if (!m) surfaces.set(key, (m = new Map()));
    m.set(surface, (m.get(surface) ?? 0) + 1);
  };
  const surfaceOf = (key: string): string => {
    const m = surfaces.get(key);
    if (!m) return key.slice(1);
    return [...m].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]![0];
  };

  const candidates: TopicCandidate[] = [];
  let clustered = 0;
  for (const c of clusters) {
    if (c.members.length < opts.minClusterSize) continue;
    clustered += c.members.length;
    const inCluster = new Map<number, number>();
    let cohesion = 0;
    const sims: { i: number; s: number }[] = [];
    for (const i of c.members) {
      const doc = docs[i]!;
      const s = cosine(doc, c);
      cohesion += s;
      sims.push({ i, s });
      for (const id of doc.ids) inCluster.set(id, (inCluster.get(id) ?? 0) + 1);
      // Surface forms of this cluster's words, for a readable label.
      const content = pool[doc.index]!.tokens.filter(isContent);
      content.forEach((t, j) => {
        noteSurface('w' + t.stem, t.norm);
        const n = content[j + 1];
        if (n) noteSurface('b' + t.stem + ' ' + n.stem, t.norm + ' ' + n.norm);
      });
    }
    const size = c.members.length;
    const scored = [...inCluster]
      .map(([id, n]) => ({ key: vocabKeys[id]!, cover: n / size, score: (n / size) * idf[id]! }))
      .sort((a, b) => b.score - a.score || (a.key < b.key ? -1 : 1));
    const words = scored.filter((s) => s.key.startsWith('w')).slice(0, 6);
    // Label: a bigram most members share ("crypto withdrawal"), else the word nearly all share,
    // else the two most distinctive words.
    const bigram = scored.find((s) => s.key.startsWith('b') && s.cover >= 0.4);
    const topWords = words.slice(0, 2).map((w) => surfaceOf(w.key));
    const label = bigram
      ? surfaceOf(bigram.key)
      : words[0] && words[0].cover >= 0.6
        ? surfaceOf(words[0].key)
        : topWords.join(' ');
    const terms = [...(bigram ? [surfaceOf(bigram.key)] : []), ...words.map((w) => surfaceOf(w.key))];

    sims.sort((a, b) => b.s - a.s);
    const examples: { conversationId: string; text: string }[] = [];
    const seen = new Set<string>();
    for (const { i } of sims) {
      const t = pool[docs[i]!.index]!.text;
      const norm = t.text.trim().toLowerCase();
      if (seen.has(norm)) continue;
      seen.add(norm);
      examples.push({ conversationId: t.conversationId, text: t.text });
      if (examples.length >= opts.examples) break;
    }
    candidates.push({
      id: 'candidate.' + slug(terms.slice(0, 3).join(' ')),
      label,
      terms: [...new Set(terms)],
      size,
      share: texts.length ? size / texts.length : 0,
      cohesion: Math.round((cohesion / size) * 1000) / 1000,
      examples,
      conversationIds: c.members.map((i) => pool[docs[i]!.index]!.text.conversationId),
    });
  }
  candidates.sort((a, b) => b.size - a.size || (a.id < b.id ? -1 : 1));
  return {
    candidates: candidates.slice(0, opts.maxCandidates),
    considered: texts.length,
    explained,
    unclustered: texts.length - explained - clustered,
  };
}

/**
 * Adopting a candidate: the taxonomy topic it becomes. The admin can edit label and key after; the
 * examples are the candidate's typical texts, with e-mail addresses and long numbers masked (the
 * taxonomy is read by trainers and exported), and the keywords its most distinctive terms.
 */
export function candidateToTopic(candidate: TopicCandidate): TopicDefinition {
  const label = candidate.label.charAt(0).toUpperCase() + candidate.label.slice(1);
  return {
    key: slug(candidate.label),
    label,
    description: `Discovered from ${candidate.size} conversations (${candidate.terms.slice(0, 4).join(', ')}).`,
    examples: candidate.examples.map((e) => maskPersonalData(e.text)),
    keywords: candidate.terms.slice(0, 2),
  };
}
