import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  validateConversation,
  type Channel,
  type Conversation,
  type ConversationInput,
} from '@vigil/contracts';
import * as engine from '@vigil/engine';
import { ConversationGenerator, defaultDatasetsDir, loadPhraseSources } from '@vigil/simulator';

/**
 * The engine's outputs over a fixed corpus, one JSON line per conversation, so that a change meant to
 * leave results alone (a speed-up) can be checked byte for byte: dump before, dump after, compare.
 * Per conversation: every analyzer's output, the campaign words, shingle hashes, MinHash signature and
 * LSH bands, and maskPii of every message.
 *
 * The corpus (fixed, nothing random between runs):
 *  - 3,000 simulator conversations (seed "golden", a fixed clock) and 60 more on each channel;
 *  - the synthetic English and Latvian fraud dialogues of eval/fraud-dialogues.mjs, both template sets;
 *  - GoEmotions development sentences (public dataset, read from /work/shared/datasets), ten to a
 *    conversation, customer and agent in turn — many words the simulator never uses;
 *  - every third conversation without its language, so detection runs.
 *
 *   npm run golden -w bench -- --out /tmp/after.ndjson   (prints the file's SHA-256)
 *   cmp /tmp/before.ndjson /tmp/after.ndjson
 */
const ROOT = path.resolve(__dirname, '..', '..');
const argument = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const out = argument('out');
if (!out) throw new Error('usage: node dist/golden.js --out <file.ndjson>');

const DATASETS: string =
  defaultDatasetsDir(ROOT) ??
  (() => {
    throw new Error('datasets not found (../shared/datasets next to the repository)');
  })();
const NOW = Date.parse('2026-12-01T12:00:00Z');
const CHANNELS: Channel[] = ['chat', 'voice', 'email', 'messaging', 'social', 'sms'];

function corpus(): ConversationInput[] {
  const list: ConversationInput[] = [];
  const generator = new ConversationGenerator({
    seed: 'golden',
    runId: 'golden',
    source: 'golden',
    phrases: loadPhraseSources(DATASETS),
  });
  for (let i = 0; i < 3000; i++) list.push(generator.next({ now: NOW + i * 1000 }));
  for (const channel of CHANNELS)
    for (let i = 0; i < 60; i++) list.push(generator.next({ now: NOW + i * 1000, channel }));

  for (const set of ['dev', 'heldout']) {
    const lines = execFileSync(
      process.execPath,
      [path.join(ROOT, 'eval', 'fraud-dialogues.mjs'), '--n', '400', '--seed', '1', '--set', set],
      { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
    );
    for (const line of lines.split('\n'))
      if (line) list.push((JSON.parse(line) as { conversation: ConversationInput }).conversation);
  }

  const sentences = readFileSync(path.join(DATASETS, 'goemotions', 'dev.tsv'), 'utf8')
    .split(/\r?\n/)
    .filter(Boolean)
    .map((line) => line.split('\t')[0]!);
  for (let i = 0; i + 10 <= sentences.length; i += 10) {
    list.push({
      externalId: `goemotions-${i}`,
      source: 'golden',
      channel: 'chat',
      language: 'en',
      startedAt: '2026-01-01T00:00:00Z',
      endedAt: '2026-01-01T00:10:00Z',
      agents: [{ id: 'a', kind: 'human' }],
      customer: {},
      metadata: {},
      messages: sentences.slice(i, i + 10).map((text, k) => ({
        role: k % 2 === 0 ? 'customer' : 'agent',
        text,
        at: new Date(Date.parse('2026-01-01T00:00:00Z') + k * 30_000).toISOString(),
      })),
    } as ConversationInput);
  }

  return list.map((c, i) => {
    if (i % 3 !== 2) return c;
    const { language: _detected, ...withoutLanguage } = c;
    return withoutLanguage;
  });
}

const conversations: Conversation[] = [];
for (const input of corpus()) {
  const result = validateConversation(input);
  if (result.ok) conversations.push(result.value);
}

const lines: string[] = [];
for (const c of conversations) {
  const scores = engine.scoreConversation(c);
  const words = engine.customerWords(c.messages);
  const hashes = engine.shingleHashes(words);
  const signature = engine.minhashOfHashes(hashes);
  lines.push(
    JSON.stringify({
      scores,
      words,
      hashes,
      signature: Array.from(signature),
      bands: engine.lshBands(signature),
      masked: c.messages.map((m) => engine.maskPii(m.text)),
    }),
  );
}
const text = `${lines.join('\n')}\n`;
writeFileSync(out, text);
console.log(
  `[golden] ${conversations.length} conversations, ${(text.length / 1e6).toFixed(1)} MB, sha256 ${createHash('sha256').update(text).digest('hex')}`,
);
