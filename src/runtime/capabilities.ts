import type { CompiledQuery } from '../compile.js';
import type { Diagnostic } from '../compiler/diagnostics/Diagnostic.js';
import { diag } from '../compiler/diagnostics/messages.js';

/**
 * Language features that compile and plan but that this runtime cannot run
 * yet, with what to do instead. `k2o check` and `explain` accept them; `k2o run`
 * refuses the file before any data flows.
 */
const NOT_YET: Record<string, string> = {
  'FROM ORACLE': 'batch reads from tables are planned, not yet executed',
  'FROM POSTGRES': 'batch reads from tables are planned, not yet executed',
  'INSERT INTO … SELECT (batch copy)': 'batch copies are planned, not yet executed',
  'FROM KAFKA with a topic pattern': 'list the topics: FROM KAFKA a, b',
  'INTO KAFKA': 'write to ORACLE, POSTGRES or CONSOLE',
  'FAILED ROWS INTO': 'drop the route; the quality_<rule> columns still mark failing rows',
  'DEAD LETTERS INTO': 'drop the route; undecodable records are logged with their offset and counted',
  'LATE ROWS INTO': 'drop the route; late rows are logged and counted',
};

export function runtimeGaps(q: CompiledQuery): Diagnostic[] {
  return q.analyzed.features
    .filter((f) => NOT_YET[f.feature] !== undefined)
    .map((f) => diag('NotARuntimeFeature', f.span, [f.feature, NOT_YET[f.feature]!]));
}
