import type * as A from '../ast/Ast.js';
import type { Diagnostic } from '../diagnostics/Diagnostic.js';
import { diag } from '../diagnostics/messages.js';
import { analyzeSink } from './analyzeSink.js';
import type { AnalyzedQuery } from './AnalyzedQuery.js';
import { analyzeBody, DEFAULT_MAX_RECORDS_PER_BATCH, hasErrors } from './analyzeSelect.js';
import type { AnalysisCatalog } from './Catalog.js';
import { resolveConnector } from './resolveConnector.js';
import { connectorWord } from '../../core/ConnectorDescriptor.js';
import { readOptions } from './options.js';

const INSERT_OPTIONS = { name: 'string', max_records_per_batch: 'positiveInteger' } as const;

/**
 * `INSERT INTO oracle t SELECT … FROM oracle s [MODE …]`: a batch copy between
 * tables. MODE says what happens when t already has rows: OVERWRITE replaces
 * them, APPEND adds, IGNORE skips the copy, ERROR fails it.
 */
export function analyzeInsert(s: A.InsertStmt, catalog: AnalysisCatalog, out: Diagnostic[]): AnalyzedQuery | undefined {
  const before = out.length;
  const { body, windowCalled } = analyzeBody(s.query, catalog, out);
  // Over an unknown connector (already an error) the source is no table either: one error is enough.
  if (body.source.kind !== 'table' && catalog.connectors.has(s.query.from.connector.name)) {
    const tables = [...catalog.connectors.values()]
      .filter((d) => d.roles.includes('tableSource'))
      .map((d) => `FROM ${connectorWord(d.name)} t`);
    out.push(
      diag(
        'ClauseNeeds',
        s.query.from.span,
        ['INSERT INTO … SELECT', `a table source (${tables.join(' or ')})`],
        'To copy a Kafka stream into a table, write SELECT … FROM KAFKA … INTO ORACLE t.',
      ),
    );
  }
  const options = readOptions(s.options, INSERT_OPTIONS, 'INSERT', out);
  const connector = resolveConnector(s.database, 'copyInto', catalog.connectors, out);
  const into = { sink: s.database.name, sinkSpan: s.target.span, target: s.target, ...(s.mode && { mode: s.mode }) };
  const sink = analyzeSink(into, connector, new Map(), body.outputs, body.aggregation, windowCalled, catalog, true, out);
  if (hasErrors(out, before)) return undefined;
  return {
    id: String(options.get('name') ?? `insert_${s.target.name}`),
    ...body,
    sink,
    routes: {},
    trigger: { kind: 'once' },
    maxRecordsPerBatch: Number(options.get('max_records_per_batch') ?? DEFAULT_MAX_RECORDS_PER_BATCH),
    batch: true,
    copy: true,
    span: s.span,
  };
}
