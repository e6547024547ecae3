import * as fs from 'node:fs';
import * as path from 'node:path';
import { TOPICS } from './topics';

/**
 * Realistic customer phrasing read at run time from the public data sets in `../shared/datasets`
 * (relative to the repository root) when they are there. Their licences allow reading them, not
 * shipping their text, so nothing from them is copied into the repository; without them the
 * generator uses the built-in phrase bank alone.
 */

export interface PhraseSources {
  /** Opening requests per topic id, from the data sets. */
  openings: Map<string, string[]>;
  /** Extra customer follow-up questions per team (SGD banking dialogues). */
  followUps: Map<string, string[]>;
  /** What was loaded, for the start-up log ("banking77: 7,421 texts"). */
  loaded: string[];
}

export function emptyPhraseSources(): PhraseSources {
  return { openings: new Map(), followUps: new Map(), loaded: [] };
}

/** The repository root: the nearest folder upwards whose package.json declares workspaces. */
export function findRepoRoot(fromDir: string): string | undefined {
  let dir = path.resolve(fromDir);
  for (let i = 0; i < 20; i++) {
    const manifest = path.join(dir, 'package.json');
    try {
      const parsed = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { workspaces?: unknown };
      if (parsed.workspaces) return dir;
    } catch {
      // no package.json here, or not JSON: keep walking up
    }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
  return undefined;
}

/** `<repo root>/../shared/datasets`, if that folder exists. */
export function defaultDatasetsDir(fromDir: string = __dirname): string | undefined {
  const root = findRepoRoot(fromDir);
  if (!root) return undefined;
  const dir = path.resolve(root, '..', 'shared', 'datasets');
  return fs.existsSync(dir) ? dir : undefined;
}

/** RFC 4180 CSV: quoted fields, doubled quotes, CRLF or LF. Returns rows of fields. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** Keeps lines that read as a customer's message: not empty, not a bare keyword, not an essay. */
export function cleanUtterance(text: string): string | undefined {
  const t = text.replace(/\s+/g, ' ').trim();
  if (t.length < 8 || t.length > 280) return undefined;
  if (t.split(' ').length < 3) return undefined;
  return t;
}

function readCsvObjects(file: string): Record<string, string>[] {
  const rows = parseCsv(fs.readFileSync(file, 'utf8'));
  const header = rows.shift()?.map((h) => h.trim()) ?? [];
  return rows
    .filter((r) => r.length === header.length)
    .map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
}

function findFiles(dir: string, test: (name: string) => boolean, depth = 5): string[] {
  if (depth < 0 || !fs.existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...findFiles(full, test, depth - 1));
    else if (test(entry.name)) out.push(full);
  }
  return out.sort();
}

function add(map: Map<string, string[]>, key: string, text: string): void {
  const list = map.get(key);
  if (list) list.push(text);
  else map.set(key, [text]);
}

/**
 * Reads banking77, bitext and SGD from `datasetsDir`. Any file that is missing or unreadable is
 * skipped with a note in `loaded`; this never throws, so a half-present folder still works.
 */
export function loadPhraseSources(datasetsDir: string | undefined): PhraseSources {
  const sources = emptyPhraseSources();
  if (!datasetsDir) return sources;

  const byBanking77 = new Map<string, string>();
  const byBitext = new Map<string, string>();
  for (const topic of TOPICS) {
    for (const c of topic.banking77) byBanking77.set(c, topic.id);
    for (const c of topic.bitext) byBitext.set(c, topic.id);
  }

  const seen = new Set<string>();
  const addOpening = (topicId: string, raw: string): boolean => {
    const text = cleanUtterance(raw);
    if (!text || seen.has(text)) return false;
    seen.add(text);
    add(sources.openings, topicId, text);
    return true;
  };

  try {
    const file = path.join(datasetsDir, 'banking77', 'train.csv');
    if (fs.existsSync(file)) {
      let n = 0;
      for (const row of readCsvObjects(file)) {
        const topicId = byBanking77.get(row.category ?? '');
        if (topicId && addOpening(topicId, row.text ?? '')) n++;
      }
      sources.loaded.push(`banking77: ${n} texts`);
    }
  } catch (error) {
    sources.loaded.push(`banking77: skipped (${(error as Error).message})`);
  }

  try {
    let n = 0;
    for (const file of findFiles(path.join(datasetsDir, 'bitext'), (name) => name.endsWith('.csv'))) {
      for (const row of readCsvObjects(file)) {
        // K = keyword-only utterances ("cancel order"): they do not read like a message.
        if ((row.flags ?? '').includes('K')) continue;
        const topicId = byBitext.get(row.intent ?? '');
        if (topicId && addOpening(topicId, row.utterance ?? '')) n++;
      }
    }
    if (n) sources.loaded.push(`bitext: ${n} utterances`);
  } catch (error) {
    sources.loaded.push(`bitext: skipped (${(error as Error).message})`);
  }

  try {
    let n = 0;
    for (const file of findFiles(path.join(datasetsDir, 'sgd'), (name) =>
      /^dialogues_.*\.json$/.test(name),
    )) {
      const dialogues = JSON.parse(fs.readFileSync(file, 'utf8')) as Array<{
        services?: string[];
        turns?: Array<{ speaker?: string; utterance?: string }>;
      }>;
      for (const dialogue of dialogues) {
        if (!dialogue.services?.some((s) => s.startsWith('Banks'))) continue;
        // The first user turn of a banking dialogue is a request; later ones are follow-ups.
        for (const turn of dialogue.turns?.slice(1) ?? []) {
          if (turn.speaker !== 'USER') continue;
          const text = cleanUtterance(turn.utterance ?? '');
          if (!text || /\b(bye|thank)/i.test(text)) continue;
          add(sources.followUps, 'accounts', text);
          n++;
        }
      }
    }
    if (n) sources.loaded.push(`sgd: ${n} banking follow-ups`);
  } catch (error) {
    sources.loaded.push(`sgd: skipped (${(error as Error).message})`);
  }

  return sources;
}
