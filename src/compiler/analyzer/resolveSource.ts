import type * as A from '../ast/Ast.js';
import type { Diagnostic } from '../diagnostics/Diagnostic.js';
import { diag } from '../diagnostics/messages.js';
import { formatType } from '../../core/SqlType.js';
import type { Column } from '../../core/Schema.js';
import type { Span } from '../../core/Span.js';
import type { Catalog, StreamDef } from './Catalog.js';
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
 * FROM → the source and the columns in scope. Declared streams and tables come
 * from the catalog; an undeclared Kafka stream's columns are typed from their
 * use in the query (DESIGN §2), which includes the declared table it writes
 * into (`sinkColumns`).
 */
export function resolveSource(q: A.QueryBody, catalog: Catalog, out: Diagnostic[], sinkColumns?: readonly Column[]): ResolvedSource {
  const from = q.from;
  switch (from.kind) {
    case 'table': {
      const table = catalog.tables.get(from.name.name);
      if (!table || table.database !== from.database) {
        const hint = table
          ? `'${table.name}' is declared IN ${table.database.toUpperCase()}: read it with FROM ${table.database.toUpperCase()} ${table.name}.`
          : `Declare it first: CREATE TABLE ${from.name.name} (col TYPE, …) IN ${from.database.toUpperCase()};`;
        out.push(diag('BatchNeedsTable', from.name.span, [from.database.toUpperCase(), from.name.name], hint));
      }
      // An undeclared table is one error, not also one per column it names.
      const columns = table?.database === from.database ? table.columns : inferred(q);
      return {
        source: { kind: 'table', name: from.name.name, database: from.database, span: from.span },
        scope: withMetadata(columns, PROCESSING_METADATA_COLUMNS),
        declared: true,
      };
    }
    case 'kafkaPattern': {
      try {
        new RegExp(from.pattern);
      } catch (e) {
        // V8 says "Invalid regular expression: /…/: reason"; the pattern is already quoted.
        const reason = (e as Error).message.replace(/^Invalid regular expression: \/.*\/\w*: /, '');
        out.push(diag('BadPattern', from.patternSpan, [from.pattern, reason], "Topic patterns are JavaScript regular expressions, e.g. 'orders_.*'."));
      }
      return {
        source: { kind: 'kafka', name: `'${from.pattern}'`, topics: { pattern: from.pattern }, format: 'json', startingOffsets: 'earliest', span: from.span },
        scope: withMetadata(inferred(q, sinkColumns), METADATA_COLUMNS),
        declared: false,
      };
    }
    case 'kafka':
      return resolveStreams(from.streams, from.span, q, catalog, out, sinkColumns);
  }
}

function resolveStreams(names: readonly A.Ident[], span: Span, q: A.QueryBody, catalog: Catalog, out: Diagnostic[], sinkColumns: readonly Column[] | undefined): ResolvedSource {
  const defs = names.map((n) => catalog.streams.get(n.name));
  const first = defs[0];
  const declared = first !== undefined;
  names.forEach((n, i) => {
    const def = defs[i];
    if ((def !== undefined) !== declared) {
      const hint = declared ? `Declare '${n.name}' with CREATE STREAM like '${names[0]!.name}', or read it alone.` : `Read '${n.name}' alone, or declare all streams read together.`;
      out.push(diag('IncompatibleStreams', n.span, [n.name, names[0]!.name], hint));
    } else if (def && first && columnsText(def.columns) !== columnsText(first.columns)) {
      out.push(diag('IncompatibleStreams', n.span, [n.name, names[0]!.name]));
    }
  });
  const source: SourceDef = {
    kind: 'kafka',
    name: names.map((n) => n.name).join(', '),
    topics: { names: names.map((n, i) => defs[i]?.topic ?? n.name) },
    format: 'json',
    startingOffsets: first?.startingOffsets ?? 'earliest',
    ...(first?.groupId !== undefined && { groupId: first.groupId }),
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
