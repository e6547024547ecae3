/**
 * Campaign detection figures (issue 10):
 *  1. CPU per conversation for the signature (customer words, shingles, MinHash, bands), and how
 *     many false campaigns the simulator's benign traffic would form (in memory, the same rule as
 *     the workers: estimated Jaccard ≥ 0.6 with ≥ 3 distinct customers);
 *  2. the index in Postgres with N recent conversations (default 100,000; `--rows 1000000`): table
 *     and index size, insert time, and the candidate lookup's time.
 * The index table is a copy of campaign_signature without its foreign keys, in a scratch database
 * that is dropped at the end. Usage: npm run campaigns -w bench -- [--rows N] [--benign N]
 */
import { Client } from 'pg';
import {
  customerWords,
  estimatedJaccard,
  lshBands,
  minhash,
  minhashOfHashes,
  shingleHashes,
} from '@vigil/engine';
import { createConversationGenerator } from '@vigil/simulator';

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const ROWS = arg('rows', 100_000);
const BENIGN = arg('benign', 20_000);
const MIN_SHINGLES = arg('min-shingles', 20);
const SIMILARITY = arg('similarity', 0.8);
const MIN_CUSTOMERS = 3;

function simulatorCheck(): void {
  const generator = createConversationGenerator({ seed: 'campaign-bench' });
  const conversations = Array.from({ length: BENIGN }, () => generator.next());
  const started = process.cpuUsage();
  const indexed = conversations.map((c, i) => {
    const set = shingleHashes(customerWords(c.messages));
    const signature = set.length >= MIN_SHINGLES ? minhashOfHashes(set) : null;
    return { i, customer: c.customer?.id ?? `n${i}`, signature, bands: signature ? lshBands(signature) : [] };
  });
  const cpu = process.cpuUsage(started);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const buckets = new Map<string, number[]>();
  for (const row of indexed)
    row.bands.forEach((b, k) => {
      const key = `${k}:${b}`;
      buckets.set(key, [...(buckets.get(key) ?? []), row.i]);
    });
  // Clusters as the workers would form them: a conversation and its near-duplicates.
  let wouldForm = 0;
  let comparable = 0;
  for (const row of indexed) {
    if (!row.signature) continue;
    comparable++;
    const candidates = new Set(row.bands.flatMap((b, k) => buckets.get(`${k}:${b}`) ?? []));
    const customers = new Set([row.customer]);
    for (const j of candidates) {
      const other = indexed[j]!;
      if (j !== row.i && estimatedJaccard(row.signature, other.signature!) >= SIMILARITY)
        customers.add(other.customer);
    }
    if (customers.size >= MIN_CUSTOMERS) wouldForm++;
  }
  console.log(
    `simulator benign traffic: ${BENIGN} conversations, ${comparable} long enough to compare; ` +
      `signature CPU ${(cpuMs / BENIGN).toFixed(3)} ms per conversation; ` +
      `${wouldForm} conversations would sit in a campaign (≥${MIN_CUSTOMERS} customers at Jaccard ≥ ${SIMILARITY})`,
  );
}

async function indexBench(): Promise<void> {
  const base = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const admin = new Client({ connectionString: base });
  await admin.connect();
  const name = `vigil_bench_campaigns_${process.pid}`;
  await admin.query(`CREATE DATABASE "${name}"`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  const db = new Client({ connectionString: url.toString() });
  await db.connect();
  try {
    await db.query(`
      CREATE TABLE campaign_signature (
        conversation_id uuid PRIMARY KEY, customer_key varchar(200) NOT NULL, channel varchar(16) NOT NULL,
        phone varchar(50), device_id varchar(200), ip varchar(64), started_at timestamptz NOT NULL,
        indexed_at timestamptz NOT NULL DEFAULT now(), bands integer[], signature bytea, campaign_id uuid)`);
    await db.query(
      `CREATE INDEX campaign_signature_bands_idx ON campaign_signature USING gin (bands) WITH (fastupdate = off)`,
    );
    await db.query(`CREATE INDEX ON campaign_signature (indexed_at)`);
    await db.query(`CREATE INDEX ON campaign_signature (customer_key)`);
    for (const c of ['phone', 'device_id', 'ip'])
      await db.query(`CREATE INDEX ON campaign_signature (${c}) WHERE ${c} IS NOT NULL`);

    // Distinct scripts: random shingle sets give signatures spread as real distinct texts do.
    const sample: number[][] = [];
    const t0 = performance.now();
    const BATCH = 5_000;
    for (let done = 0; done < ROWS; done += BATCH) {
      const n = Math.min(BATCH, ROWS - done);
      const bands: string[] = [];
      const sigs: Buffer[] = [];
      const customers: string[] = [];
      for (let k = 0; k < n; k++) {
        const sig = minhash(Array.from({ length: 40 }, (_, s) => `w${done + k}-${s}`));
        const b = lshBands(sig);
        if ((done + k) % Math.max(1, Math.floor(ROWS / 200)) === 0) sample.push(b);
        bands.push(`{${b.join(',')}}`);
        sigs.push(Buffer.from(sig.buffer));
        customers.push(`account:${done + k}`);
      }
      await db.query(
        `INSERT INTO campaign_signature (conversation_id, customer_key, channel, phone, ip, started_at, bands, signature)
         SELECT gen_random_uuid(), c, 'chat', '+3712' || (random() * 1e6)::int, '10.0.' || (random()*255)::int || '.' || (random()*255)::int,
                now(), b::int[], s
           FROM unnest($1::text[], $2::text[], $3::bytea[]) AS v(c, b, s)`,
        [customers, bands, sigs],
      );
    }
    const insertS = (performance.now() - t0) / 1000;
    await db.query(`VACUUM ANALYZE campaign_signature`);
    const [sizes] = (
      await db.query<{ table: string; indexes: string; gin: string; total: string }>(
        `SELECT pg_size_pretty(pg_relation_size('campaign_signature')) AS table,
                pg_size_pretty(pg_indexes_size('campaign_signature')) AS indexes,
                pg_size_pretty(pg_relation_size('campaign_signature_bands_idx')) AS gin,
                pg_size_pretty(pg_total_relation_size('campaign_signature')) AS total`,
      )
    ).rows;
    const lookup = async (b: number[]) => {
      const t = performance.now();
      await db.query(
        `SELECT * FROM (SELECT conversation_id, customer_key, signature, campaign_id, indexed_at
           FROM campaign_signature WHERE bands && $1::int[] OFFSET 0) m
         WHERE m.indexed_at > now() - interval '72 hours' LIMIT 500`,
        [`{${b.join(',')}}`],
      );
      return performance.now() - t;
    };
    // As the repository does inside its transaction (see CampaignTransaction.candidates).
    await db.query(`SET enable_seqscan = off`);
    const plan = await db.query(
      `EXPLAIN ANALYZE SELECT * FROM (SELECT conversation_id, customer_key, signature, campaign_id, indexed_at
           FROM campaign_signature WHERE bands && $1::int[] OFFSET 0) m
         WHERE m.indexed_at > now() - interval '72 hours' LIMIT 500`,
      [`{${sample[0]!.join(',')}}`],
    );
    if (process.argv.includes('--explain'))
      console.log(plan.rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n'));
    const times: number[] = [];
    for (const b of sample) times.push(await lookup(b));
    times.sort((a, b) => a - b);
    const p = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(2);
    console.log(
      `index with ${ROWS} conversations: inserted in ${insertS.toFixed(1)} s; table ${sizes!.table}, ` +
        `indexes ${sizes!.indexes} (bands GIN ${sizes!.gin}), total ${sizes!.total}; ` +
        `candidate lookup (one conversation, 16 bands) median ${p(0.5)} ms, p95 ${p(0.95)} ms over ${times.length}`,
    );
  } finally {
    await db.end();
    await admin.query(`DROP DATABASE "${name}" WITH (FORCE)`);
    await admin.end();
  }
}

async function main(): Promise<void> {
  const { stdout } = await import('node:process');
  stdout.write(
    `load: ${(await import('node:os'))
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}\n`,
  );
  simulatorCheck();
  if (ROWS > 0) await indexBench();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
