import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { readCase, type CaseFile } from './support/caseFile.js';
import { checkOutcome, expectationsByQuery } from './support/checkOutcome.js';
import { runCase, type CaseEnv, type CaseOutcome, type Transport } from './support/runCase.js';

const root = dirname(fileURLToPath(import.meta.url));
const postgresUrl = process.env['K2O_POSTGRES_URL'] ?? 'postgres://k2o@127.0.0.1:55432/k2o';
const brokers = (process.env['K2O_KAFKA_BROKERS'] ?? '127.0.0.1:19092').split(',');
/** K2O_CASES_PENDING=1 runs the pending cases too, to see which a fix has made pass. */
const runPending = process.env['K2O_CASES_PENDING'] === '1';
const updateGolden = process.env['UPDATE_GOLDEN'] === '1';

function caseFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const path = join(dir, d.name);
    if (d.isDirectory()) return d.name === 'support' ? [] : caseFiles(path);
    return d.name.endsWith('.yaml') ? [path] : [];
  });
}

const files = caseFiles(root).sort();
const byFeature = new Map<string, string[]>();
for (const f of files) {
  const feature = relative(root, dirname(f));
  byFeature.set(feature, [...(byFeature.get(feature) ?? []), f]);
}
const cases = new Map(files.map((f) => [f, readCase(f)]));
const pending = [...cases].filter(([, c]) => c.pending !== undefined);

/**
 * Writes the rows the run produced into the case file, for review: the diff is
 * the proposal, to be checked against the documented semantics before commit.
 */
function rewriteExpectedRows(file: string, c: CaseFile, outcome: CaseOutcome): void {
  const doc = parseDocument(readFileSync(file, 'utf8'));
  const wants = expectationsByQuery(c.expect, outcome);
  for (const q of outcome.queries) {
    if (!wants.get(q.shape.id)?.rows) continue;
    doc.setIn(c.expect.queries ? ['expect', 'queries', q.shape.id, 'rows'] : ['expect', 'rows'], q.rows);
  }
  writeFileSync(file, String(doc));
}

describe('end-to-end cases (test/cases/**/*.yaml)', () => {
  const env: CaseEnv = { postgresUrl, brokers, db: new pg.Client({ connectionString: postgresUrl }) };
  beforeAll(() => env.db.connect());
  afterAll(async () => {
    await env.db.end();
    const reasons = pending.map(([f, c]) => `  ${relative(root, f)}: ${c.pending}`).join('\n');
    console.log(
      `cases: ${cases.size} in all, ${cases.size - pending.length} run, ${pending.length} pending${runPending ? ' (run anyway: K2O_CASES_PENDING=1)' : ''}\n${reasons}`,
    );
  });

  it(`holds at least 150 cases`, () => expect(cases.size).toBeGreaterThanOrEqual(150));

  for (const [feature, paths] of byFeature) {
    describe(feature, () => {
      for (const file of paths) {
        const c = cases.get(file)!;
        const name = `${relative(join(root, feature), file).replace(/\.yaml$/, '')}: ${c.description}`;
        const transports: Transport[] = c.real ? ['memory', 'kafka'] : ['memory'];
        for (const transport of transports) {
          const title = transport === 'kafka' ? `${name} [real Kafka]` : name;
          const body = async () => {
            const outcome = await runCase(c, env, transport);
            if (updateGolden && transport === 'memory' && !c.expect.error) rewriteExpectedRows(file, c, outcome);
            else expect(checkOutcome(c, outcome), `${relative(root, file)}\n${c.statements}`).toEqual([]);
          };
          if (c.pending !== undefined && !runPending) it.skip(`${title} — pending: ${c.pending}`, body);
          else it(title, body, transport === 'kafka' ? 60_000 : 20_000);
        }
      }
    });
  }
});
