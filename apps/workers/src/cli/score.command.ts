import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import {
  engineConfigSchema,
  validateConversation,
  type EngineConfig,
  type FieldError,
} from '@vigil/contracts';
import { DEFAULT_ENGINE_CONFIG } from '@vigil/engine';
import { conversationLanguage, scoreConversation } from '@vigil/engine';

export const SCORE_USAGE = `Usage: vigil score [--config FILE] < conversations.ndjson > results.ndjson

Reads conversations in the ingest contract, one JSON document per line, and writes one JSON result
per line, in the same order: { "line", "externalId", "source", "language", "scores" } or, for a line
that is not a valid conversation, { "line", "errors": [{ "field", "message" }] }. FILE is an exported
configuration document ({ "topics": { "taxonomy" }, "scorecard", "policies", "fraud" }); a part it leaves out
keeps the shipped default. Exits 1 if any line was invalid.`;

export interface ScoreResultLine {
  line: number;
  externalId?: string;
  source?: string;
  language?: string;
  scores?: ReturnType<typeof scoreConversation>;
  errors?: FieldError[];
}

/** Score one NDJSON line: the same engine the workers run, no database or Redis involved. */
export function scoreLine(text: string, line: number, config?: EngineConfig): ScoreResultLine {
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch {
    return { line, errors: [{ field: '(line)', message: 'not valid JSON' }] };
  }
  const result = validateConversation(input);
  if (!result.ok) return { line, errors: result.errors };
  return {
    line,
    externalId: result.value.externalId,
    source: result.value.source,
    language: conversationLanguage(result.value),
    scores: scoreConversation(result.value, config),
  };
}

/** Read an exported configuration document; a part it leaves out keeps the shipped default. */
export function loadEngineConfig(file: string): EngineConfig {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read configuration ${file}: ${(error as Error).message}`);
  }
  const result = engineConfigSchema
    .partial({ topics: true, scorecard: true, policies: true, fraud: true })
    .safeParse(parsed);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.') || '(document)'}: ${i.message}`);
    throw new Error(`invalid configuration ${file}:\n  ${problems.join('\n  ')}`);
  }
  const { topics, scorecard, policies, fraud } = result.data as Partial<EngineConfig>;
  return {
    topics: topics ?? DEFAULT_ENGINE_CONFIG.topics,
    scorecard: scorecard ?? DEFAULT_ENGINE_CONFIG.scorecard,
    policies: policies ?? DEFAULT_ENGINE_CONFIG.policies,
    fraud: fraud ?? DEFAULT_ENGINE_CONFIG.fraud,
  };
}

export function runScoreCommand(
  args: { config?: string },
  input: NodeJS.ReadableStream = process.stdin,
  output: NodeJS.WritableStream = process.stdout,
): Promise<number> {
  const config = args.config ? loadEngineConfig(args.config) : undefined;
  let invalid = 0;
  let line = 0;
  let waiting = false;
  const lines = createInterface({ input, crlfDelay: Infinity });
  // Each line is scored and written in its own 'line' event (scoring is synchronous), so no line
  // sits in an iterator's buffer between reading and writing; when whoever reads our output falls
  // behind, reading pauses until the output drains.
  lines.on('line', (text) => {
    line += 1;
    if (!text.trim()) return;
    const result = scoreLine(text, line, config);
    if (result.errors) invalid += 1;
    if (!output.write(`${JSON.stringify(result)}\n`) && !waiting) {
      waiting = true;
      lines.pause();
      output.once('drain', () => {
        waiting = false;
        lines.resume();
      });
    }
  });
  return new Promise((resolve, reject) => {
    input.on('error', reject);
    // Resolve once everything written has left the process: the caller exits right after, and a
    // pipe to a slow reader may still hold queued results (they would be lost).
    lines.on('close', () => output.write('', () => resolve(invalid > 0 ? 1 : 0)));
  });
}
