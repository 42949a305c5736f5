import type * as A from '../ast/Ast.js';
import type { Diagnostic } from '../diagnostics/Diagnostic.js';
import { diag } from '../diagnostics/messages.js';
import { closest } from '../../core/suggest.js';
import type { Catalog } from './Catalog.js';

/** Settings `SET name = value` may change: defaults for the queries after it. */
export const SETTINGS = {
  max_records_per_batch: 'positiveInteger',
  trigger_interval: 'interval',
} as const;

/** A management statement, checked, for a REPL or a running k2o to carry out. */
export type ManagementCommand =
  | { readonly kind: 'show'; readonly what: 'queries' | 'streams' | 'tables' }
  | { readonly kind: 'describe'; readonly name: string; readonly object: 'stream' | 'table' }
  | { readonly kind: 'terminate'; readonly id: string }
  | { readonly kind: 'set'; readonly name: keyof typeof SETTINGS; readonly value: string | number };

export function analyzeManagement(s: A.ManagementStmt, catalog: Catalog, out: Diagnostic[]): ManagementCommand | undefined {
  switch (s.kind) {
    case 'ShowStmt':
      return { kind: 'show', what: s.what };
    case 'DescribeStmt': {
      const name = s.name.name;
      if (catalog.streams.has(name)) return { kind: 'describe', name, object: 'stream' };
      if (catalog.tables.has(name)) return { kind: 'describe', name, object: 'table' };
      const guess = closest(name, [...catalog.streams.keys(), ...catalog.tables.keys()]);
      out.push(
        diag(
          'UnknownStream',
          s.name.span,
          ['stream or table', name],
          guess ? `Did you mean '${guess}'?` : 'DESCRIBE shows what CREATE STREAM or CREATE TABLE declared.',
        ),
      );
      return undefined;
    }
    case 'TerminateStmt':
      return { kind: 'terminate', id: s.id };
    case 'SetStmt': {
      const name = s.name.name;
      if (!(name in SETTINGS)) {
        const guess = closest(name, Object.keys(SETTINGS));
        out.push(
          diag(
            'UnknownOption',
            s.name.span,
            [name, 'SET'],
            guess ? `Did you mean '${guess}'?` : `Settings: ${Object.keys(SETTINGS).join(', ')}.`,
          ),
        );
        return undefined;
      }
      const key = name as keyof typeof SETTINGS;
      const v = s.value.value;
      if (SETTINGS[key] === 'positiveInteger' && (typeof v !== 'number' || !Number.isInteger(v) || v <= 0)) {
        out.push(diag('BadOptionValue', s.value.span, [name, 'takes a positive whole number']));
        return undefined;
      }
      if (SETTINGS[key] === 'interval' && typeof v !== 'string') {
        out.push(diag('BadOptionValue', s.value.span, [name, "takes a duration such as '10 seconds'"]));
        return undefined;
      }
      return { kind: 'set', name: key, value: v as string | number };
    }
  }
}
