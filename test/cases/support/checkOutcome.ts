import type { CaseExpectation, CaseFile, QueryExpectation } from './caseFile.js';
import { diffRows } from './compareRows.js';
import type { CaseOutcome, QueryOutcome } from './runCase.js';

/** Every way the outcome differs from the case's expectation, as lines for a person to read; empty when it matches. */
export function checkOutcome(c: CaseFile, outcome: CaseOutcome): string[] {
  const e = c.expect;
  const problems: string[] = [];
  const codes = (severity: string) => outcome.diagnostics.filter((d) => d.severity === severity).map((d) => `${d.code} ${d.message}`);
  if (e.warning && !outcome.diagnostics.some((d) => d.severity === 'warning' && d.code === e.warning))
    problems.push(`expected warning ${e.warning}, got: ${codes('warning').join('; ') || 'none'}`);
  if (e.error) {
    if (!outcome.diagnostics.some((d) => d.severity === 'error' && d.code === e.error))
      problems.push(`expected error ${e.error}, got: ${codes('error').join('; ') || 'none'}`);
    return problems;
  }
  if (outcome.queries.length === 0) return [...problems, `nothing ran: ${codes('error').join('; ') || 'the file has no query'}`];
  const perQuery = expectationsByQuery(e, outcome);
  for (const q of outcome.queries) {
    const want = perQuery.get(q.shape.id);
    if (!want) problems.push(`query ${q.shape.id} ran but the case expects nothing of it (expect.queries)`);
    else problems.push(...checkQuery(want, q).map((p) => (outcome.queries.length > 1 ? `${q.shape.id}: ${p}` : p)));
  }
  for (const id of perQuery.keys()) if (!outcome.queries.some((q) => q.shape.id === id)) problems.push(`no query ${id} ran`);
  return problems;
}

export function expectationsByQuery(e: CaseExpectation, outcome: CaseOutcome): Map<string, QueryExpectation> {
  if (e.queries) return new Map(Object.entries(e.queries));
  return new Map(outcome.queries.slice(0, 1).map((q) => [q.shape.id, e]));
}

function checkQuery(e: QueryExpectation, q: QueryOutcome): string[] {
  const problems: string[] = [];
  if (e.failure !== undefined) {
    if (q.failure === undefined || !new RegExp(e.failure).test(q.failure))
      problems.push(`expected the run to fail with /${e.failure}/, got ${q.failure ?? 'success'}`);
  } else if (q.failure !== undefined) {
    problems.push(`the run failed: ${q.failure}`);
  }
  if (e.rows) problems.push(...rowProblems('rows', e.rows, q.rows, e.ordered ?? false, e.ignore));
  if (e.failedRows) problems.push(...rowProblems('failed rows', e.failedRows, q.routes.failed ?? [], false, e.ignore));
  if (e.routedLateRows) problems.push(...rowProblems('routed late rows', e.routedLateRows, q.routes.late ?? [], false, e.ignore));
  if (e.lateRows !== undefined && e.lateRows !== q.lateRows) problems.push(`late rows: expected ${e.lateRows}, counted ${q.lateRows}`);
  if (e.deadLetters) {
    const got = q.deadLetters;
    const ok =
      got.length === e.deadLetters.length &&
      e.deadLetters.every(
        (d, i) => got[i]!.offset === d.offset && (d.partition ?? 0) === got[i]!.partition && got[i]!.reason.includes(d.reason),
      );
    if (!ok) problems.push(`dead letters: expected ${JSON.stringify(e.deadLetters)}, stored ${JSON.stringify(got)}`);
  }
  return problems;
}

function rowProblems(
  what: string,
  expected: readonly Record<string, unknown>[],
  got: readonly Record<string, unknown>[],
  ordered: boolean,
  ignore: readonly string[] | undefined,
): string[] {
  const { missing, unexpected } = diffRows(expected, got, ordered, ignore);
  if (missing.length === 0 && unexpected.length === 0) return [];
  return [
    `${what} differ (${got.length} written, ${expected.length} expected)`,
    ...missing.slice(0, 5).map((r) => `  missing:    ${JSON.stringify(r)}`),
    ...unexpected.slice(0, 5).map((r) => `  unexpected: ${JSON.stringify(r)}`),
  ];
}
