import type * as A from '../ast/Ast.js';
import type { Diagnostic } from '../diagnostics/Diagnostic.js';
import type { Span } from '../../core/Span.js';
import { diag } from '../diagnostics/messages.js';
import { closest } from '../../core/suggest.js';
import { formatType } from '../../core/SqlType.js';
import { columnNamed } from '../../core/Schema.js';
import { identifierProblem, tableNameProblem, type NameRules } from '../../core/sqlNames.js';
import type { Aggregation } from './AnalyzedQuery.js';
import type { NamedExpr, Routes, SinkTarget } from '../../core/specs.js';
import type { AnalysisCatalog, TableDef } from './Catalog.js';
import { comparable } from './typeRules.js';
import { connectorWord, type ConnectorDescriptor } from '../../core/ConnectorDescriptor.js';
import { resolveConnector } from './resolveConnector.js';

const STREAM_MODES: readonly A.ModeWord[] = ['append', 'update', 'complete'];
const BATCH_MODES: readonly A.ModeWord[] = ['overwrite', 'append', 'ignore', 'error'];

/**
 * Where a query writes, and how: mode, key, the connector's options, and the fit
 * of a declared table. `connector` is undefined when it was already refused.
 */
export function analyzeSink(
  into: A.SinkRef & { readonly mode?: { value: A.ModeWord; span: Span }; readonly key?: readonly A.Ident[] },
  connector: ConnectorDescriptor | undefined,
  options: ReadonlyMap<string, string | number>,
  outputs: readonly NamedExpr[],
  aggregation: Aggregation | undefined,
  windowCalled: boolean,
  catalog: AnalysisCatalog,
  batch: boolean,
  out: Diagnostic[],
): SinkTarget {
  if (connector) checkTarget(into, connector, out, 'rows');
  if (connector) checkColumnNames(outputs, into, connector, out);
  const declared = declaredSinkTable(into, catalog);
  const unbounded = aggregation !== undefined && !windowCalled;
  const modeSpan = into.mode?.span ?? into.sinkSpan;
  const mode = into.mode?.value ?? (batch ? 'append' : unbounded ? 'update' : 'append');
  const allowed = batch ? BATCH_MODES : STREAM_MODES;
  if (!allowed.includes(mode)) {
    const other = batch ? 'streaming queries' : 'batch copies (INSERT … FROM a table)';
    out.push(diag('BadMode', modeSpan, [mode.toUpperCase(), other], `Here use one of ${allowed.map((m) => m.toUpperCase()).join(', ')}.`));
  } else if (connector && !batch && !connector.writeModes.some((m) => m === mode)) {
    const modes = connector.writeModes.map((m) => `MODE ${m.toUpperCase()}`).join(', ');
    out.push(diag('ConnectorCannot', modeSpan, [connectorWord(connector.name), `write MODE ${mode.toUpperCase()}`], `Write ${modes}.`));
  }
  if (!batch && mode === 'append' && unbounded) {
    out.push(diag('UnboundedAppend', modeSpan, [], "Add a window, e.g. GROUP BY window(ts, '5 minutes'), or write MODE UPDATE."));
  }
  if (!batch && mode === 'complete' && !aggregation) {
    out.push(
      diag(
        'NotSupportedYet',
        modeSpan,
        ['MODE COMPLETE without an aggregate'],
        'COMPLETE rewrites an aggregate result; use APPEND for rows.',
      ),
    );
  }
  if (!batch && mode === 'update' && aggregation?.having) {
    // Rows are upserted, never deleted: a group that stops matching is simply not emitted again.
    out.push(diag('HavingInUpdate', modeSpan, [], 'Use MODE COMPLETE to rewrite the table each batch, or filter when reading it.'));
  }
  if (!batch && mode === 'update' && aggregation?.window?.kind === 'session') {
    // A merge of two sessions moves window_start, the sink's key: the old row would stay beside the merged one.
    out.push(
      diag(
        'NotSupportedYet',
        modeSpan,
        ['MODE UPDATE with session()'],
        'Use MODE APPEND (a session is written once it has closed) or MODE COMPLETE.',
      ),
    );
  }
  for (const k of into.key ?? []) {
    if (!outputs.some((o) => o.name === k.name)) {
      const guess = closest(
        k.name,
        outputs.map((o) => o.name),
      );
      out.push(diag('UnknownColumn', k.span, [k.name, 'the query output'], guess && `Did you mean '${guess}'?`));
    }
  }
  // A group key or window_start may be selected under another name (`upper(a) AS u`): the key is that output column.
  const outputOf = (name: string) => outputs.find((o) => o.expr.kind === 'column' && o.expr.name === name)?.name ?? name;
  const derivedKey = declared?.primaryKey.length
    ? declared.primaryKey
    : aggregation
      ? [...aggregation.groupBy.map((g) => outputOf(g.name)), ...(aggregation.window ? [outputOf('window_start')] : [])]
      : [];
  const key = into.key?.map((k) => k.name) ?? (mode === 'update' ? derivedKey : []);
  // A mode already refused here needs no key advice: no KEY would make it valid.
  if (mode === 'update' && allowed.includes(mode)) {
    if (key.length === 0) out.push(diag('UpdateNeedsKey', modeSpan, [], 'Add KEY (column, ...) naming the columns that identify a row.'));
    if (!into.key) {
      for (const k of key) {
        if (!outputs.some((o) => o.name === k)) {
          out.push(
            diag('UpdateNeedsKey', modeSpan, [], `The derived key column '${k}' is not in the select list; select it or give KEY (...).`),
          );
        }
      }
    }
  }
  if (declared) checkFit(declared.name, declared.columns, outputs, into.target!.span, out);
  return {
    connector: into.sink,
    ...(into.target && { target: into.target.name }),
    mode,
    key,
    ...(options.size > 0 && { options: Object.fromEntries(options) }),
    span: into.sinkSpan,
  };
}

/** A table or topic name where the connector needs one (the grammar gives CONSOLE none). */
function checkTarget(ref: A.SinkRef, connector: ConnectorDescriptor, out: Diagnostic[], role: 'rows' | 'deadLetters'): void {
  if (connector.target !== 'none' && !ref.target) {
    out.push(diag('UnexpectedEnd', ref.sinkSpan, [`a ${connector.target} name after ${connectorWord(connector.name)}`]));
  }
  const rules = nameRules(connector);
  const problem = ref.target && rules && tableNameProblem(ref.target.name, rules, role);
  if (problem) out.push(diag('InvalidSinkName', ref.target!.span, [problem]));
}

/** The sink names its columns after the output; one it would refuse at start is refused here, at the target. */
function checkColumnNames(outputs: readonly NamedExpr[], into: A.SinkRef, connector: ConnectorDescriptor, out: Diagnostic[]): void {
  const rules = nameRules(connector);
  if (!rules) return;
  for (const o of outputs) {
    const problem = identifierProblem(o.name, 'column', rules);
    if (problem) out.push(diag('InvalidSinkName', into.target?.span ?? into.sinkSpan, [problem]));
  }
}

function nameRules(connector: ConnectorDescriptor): NameRules | undefined {
  return connector.target === 'table' && connector.names
    ? { database: connector.displayName, maxLength: connector.names.maxLength }
    : undefined;
}

/** The table a query writes into, when CREATE TABLE (or the catalog) declared it in that database. */
export function declaredSinkTable(into: A.SinkRef, catalog: AnalysisCatalog): TableDef | undefined {
  const holdsTables = catalog.connectors.get(into.sink)?.target === 'table';
  const table = into.target && holdsTables ? catalog.tables.get(into.target.name) : undefined;
  return table?.database === into.sink ? table : undefined;
}

/** A declared sink table must have every output column, in a comparable type, and get every NOT NULL column. */
function checkFit(
  name: string,
  columns: readonly { name: string; type: import('../../core/SqlType.js').SqlType; nullable: boolean }[],
  outputs: readonly NamedExpr[],
  at: Span,
  out: Diagnostic[],
): void {
  const problems: string[] = [];
  for (const o of outputs) {
    const col = columnNamed(columns, o.name);
    if (!col) problems.push(`it has no column '${o.name}'`);
    else if (!comparable(col.type, o.expr.type))
      problems.push(`'${o.name}' is ${formatType(col.type)} there but ${formatType(o.expr.type)} here`);
  }
  for (const c of columns)
    if (!c.nullable && !outputs.some((o) => o.name === c.name)) problems.push(`NOT NULL column '${c.name}' gets no value`);
  if (problems.length > 0)
    out.push(diag('SinkSchemaMismatch', at, [name, problems.join('; ')], 'Name the select items after the table columns with AS.'));
}

const ROUTE_NAMES = { failed: 'FAILED ROWS INTO', deadLetters: 'DEAD LETTERS INTO', late: 'LATE ROWS INTO' } as const;

/** FAILED ROWS / DEAD LETTERS / LATE ROWS INTO: each at most once, and only where such rows can exist. */
export function analyzeRoutes(
  into: A.IntoClause,
  has: { quality: boolean; window: boolean },
  catalog: AnalysisCatalog,
  out: Diagnostic[],
): Routes {
  const routes: { failed?: SinkTarget; deadLetters?: SinkTarget; late?: SinkTarget } = {};
  for (const r of into.routes) {
    const clause = ROUTE_NAMES[r.route];
    if (routes[r.route]) out.push(diag('DuplicateClause', r.span, [clause]));
    if (r.route === 'failed' && !has.quality)
      out.push(diag('ClauseNeeds', r.span, [clause, 'QUALITY rules'], 'Add QUALITY (condition AS rule_name, …) after WHERE.'));
    if (r.route === 'late' && !has.window) {
      out.push(diag('ClauseNeeds', r.span, [clause, 'a window (rows are late only for a window that has closed)']));
    }
    const connector = resolveConnector(
      { name: r.to.sink, span: r.to.sinkSpan },
      r.route === 'deadLetters' ? 'deadLetters' : 'write',
      catalog.connectors,
      out,
    );
    if (connector) checkTarget(r.to, connector, out, r.route === 'deadLetters' ? 'deadLetters' : 'rows');
    routes[r.route] = { connector: r.to.sink, ...(r.to.target && { target: r.to.target.name }), mode: 'append', key: [], span: r.span };
  }
  return routes;
}
