import type { CompileResult } from '../compile.js';
import { formatType } from '../core/SqlType.js';
import type { Column } from '../core/Schema.js';

/**
 * What the management statements of a file say when it is run: SHOW and
 * DESCRIBE print what the file declares; TERMINATE has nothing to stop in a
 * file (it is for a REPL attached to running queries); SET already changed the
 * defaults of the queries after it.
 */
export function describeCommands(result: CompileResult): string[] {
  const lines: string[] = [];
  for (const c of result.commands) {
    switch (c.kind) {
      case 'show':
        if (c.what === 'streams') lines.push(...result.streams.map((s) => `stream ${s.name} (topic ${s.topic})`));
        else if (c.what === 'tables') lines.push(...result.tables.map((t) => `table ${t.name} in ${t.database}`));
        else
          lines.push(
            ...result.queries
              .filter((q) => !q.explain)
              .map((q) => `query ${q.analyzed.id} → ${q.analyzed.sink.connector} ${q.analyzed.sink.target ?? ''}`.trimEnd()),
          );
        break;
      case 'describe': {
        const def = c.object === 'stream' ? result.streams.find((s) => s.name === c.name) : result.tables.find((t) => t.name === c.name);
        if (def?.columns) lines.push(`${c.object} ${c.name}`, ...describeColumns(def.columns));
        break;
      }
      case 'terminate':
        lines.push(`TERMINATE ${c.id}: nothing to terminate in a file run; it applies in a REPL`);
        break;
      case 'set':
        break;
    }
  }
  return lines;
}

function describeColumns(columns: readonly Column[]): string[] {
  const width = Math.max(...columns.map((c) => c.name.length));
  return columns.map((c) => `  ${c.name.padEnd(width)}  ${formatType(c.type)}${c.nullable ? '' : ' NOT NULL'}`);
}
