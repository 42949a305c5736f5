import type * as A from '../ast/Ast.js';
import type { Diagnostic } from '../diagnostics/Diagnostic.js';
import { diag } from '../diagnostics/messages.js';
import { formatType } from '../../core/SqlType.js';
import type { Column } from '../../core/Schema.js';
import type { Span } from '../../core/Span.js';
import type { AnalysisCatalog, Catalog, StreamDef } from './Catalog.js';
import { connectorWord } from '../../core/ConnectorDescriptor.js';
import type { ConnectorName } from '../../core/specs.js';
import { resolveConnector } from './resolveConnector.js';
import { regexProblem } from './regexProblem.js';
import type { SourceDef } from '../../core/SourceDef.js';
import { inferColumns } from './inferColumns.js';
import { METADATA_COLUMNS, PROCESSING_METADATA_COLUMNS } from './metadataColumns.js';

export interface ResolvedSource {
  readonly source: SourceDef;
  /** What the query may name: the source's columns, then metadata columns it does not shadow. */
  readonly scope: readonly Column[];
  /** The declared stream(s), when declared: their watermark applies. */
  readonly stream?: StreamDef;
  readonly declared: boolean;
}

/**
 * FROM → the source and the columns in scope. The connector says whether the
 * source is a stream or a table. Declared streams and tables come from the
 * catalog; an undeclared stream's columns are typed from their use in the
 * query (DESIGN §2), which includes the declared table it writes into
 * (`sinkColumns`).
 */
export function resolveSource(
  q: A.QueryBody,
  catalog: AnalysisCatalog,
  out: Diagnostic[],
  sinkColumns?: readonly Column[],
): ResolvedSource {
  const from = q.from;
  const connector = resolveConnector(from.connector, 'read', catalog.connectors, out);
  // An unknown connector is one error: the query is read as over an undeclared stream, so its columns raise none.
  const table = connector?.roles.includes('tableSource') === true;
  const name = from.connector.name;
  if (from.kind === 'names')
    return table
      ? resolveTable(name, from.names, from.span, q, catalog, out)
      : resolveStreams(name, from.names, from.span, q, catalog, out, sinkColumns);
  if (table)
    out.push(
      diag('ClauseNeeds', from.patternSpan, ['A topic pattern', 'a stream source'], `Name one table: FROM ${connectorWord(name)} t.`),
    );
  const reason = regexProblem(from.pattern);
  if (reason)
    out.push(
      diag('BadPattern', from.patternSpan, [from.pattern, reason], "Topic patterns are JavaScript regular expressions, e.g. 'orders_.*'."),
    );
  return {
    source: {
      kind: 'stream',
      connector: name,
      name: `'${from.pattern}'`,
      topics: { pattern: from.pattern },
      format: 'json',
      startingOffsets: 'earliest',
      span: from.span,
    },
    scope: withMetadata(inferred(q, sinkColumns), METADATA_COLUMNS),
    declared: false,
  };
}

/** `FROM postgres t`: one table, declared in that database. */
function resolveTable(
  database: ConnectorName,
  names: readonly A.Ident[],
  span: Span,
  q: A.QueryBody,
  catalog: AnalysisCatalog,
  out: Diagnostic[],
): ResolvedSource {
  const word = connectorWord(database);
  const name = names[0]!;
  for (const extra of names.slice(1))
    out.push(
      diag('ClauseNeeds', extra.span, ['Reading several names together', 'a stream source'], `Read one table: FROM ${word} ${name.name}.`),
    );
  const table = catalog.tables.get(name.name);
  if (!table || table.database !== database) {
    const hint = table
      ? `'${table.name}' is declared IN ${connectorWord(table.database)}: read it with FROM ${connectorWord(table.database)} ${table.name}.`
      : `Declare it first: CREATE TABLE ${name.name} (col TYPE, …) IN ${word};`;
    out.push(diag('BatchNeedsTable', name.span, [word, name.name], hint));
  }
  // An undeclared table is one error, not also one per column it names.
  const columns = table?.database === database ? table.columns : inferred(q);
  return {
    source: { kind: 'table', name: name.name, connector: database, span },
    scope: withMetadata(columns, PROCESSING_METADATA_COLUMNS),
    declared: true,
  };
}

function resolveStreams(
  connector: ConnectorName,
  names: readonly A.Ident[],
  span: Span,
  q: A.QueryBody,
  catalog: Catalog,
  out: Diagnostic[],
  sinkColumns: readonly Column[] | undefined,
): ResolvedSource {
  const defs = names.map((n) => catalog.streams.get(n.name));
  const first = defs[0];
  const declared = first !== undefined;
  names.forEach((n, i) => {
    const def = defs[i];
    if ((def !== undefined) !== declared) {
      const hint = declared
        ? `Declare '${n.name}' with CREATE STREAM like '${names[0]!.name}', or read it alone.`
        : `Read '${n.name}' alone, or declare all streams read together.`;
      out.push(diag('IncompatibleStreams', n.span, [n.name, names[0]!.name], hint));
    } else if (def && first && columnsText(def.columns) !== columnsText(first.columns)) {
      out.push(diag('IncompatibleStreams', n.span, [n.name, names[0]!.name]));
    }
  });
  const source: SourceDef = {
    kind: 'stream',
    connector,
    name: names.map((n) => n.name).join(', '),
    topics: { names: names.map((n, i) => defs[i]?.topic ?? n.name) },
    format: first?.format ?? 'json',
    ...(first?.csv && { csv: first.csv }),
    startingOffsets: first?.startingOffsets ?? 'earliest',
    ...(first?.groupId !== undefined && { groupId: first.groupId }),
    ...(first?.consumer && { consumer: first.consumer }),
    span,
  };
  const columns = first?.columns ?? inferred(q, sinkColumns);
  return { source, scope: withMetadata(columns, METADATA_COLUMNS), ...(first && { stream: first }), declared };
}

/** Undeclared: the columns the query names, less the metadata columns (their types are fixed). */
function inferred(q: A.QueryBody, sinkColumns?: readonly Column[]): Column[] {
  return inferColumns(q, sinkColumns).filter((c) => !METADATA_COLUMNS.some((m) => m.name === c.name));
}

function withMetadata(columns: readonly Column[], metadata: readonly Column[]): Column[] {
  return [...columns, ...metadata.filter((m) => !columns.some((c) => c.name === m.name))];
}

function columnsText(columns: readonly Column[] | undefined): string {
  return (columns ?? []).map((c) => `${c.name} ${formatType(c.type)}`).join(',');
}
