import type { Column } from '../../core/Schema.js';
import {
  DEAD_LETTERS_TABLE,
  identifierProblem,
  OFFSETS_TABLE,
  STATE_ENTRIES_TABLE,
  STATE_TABLE,
  tableNameProblem,
} from '../../core/sqlNames.js';
import type { SinkMode, SinkSpec } from '../../runtime/ports/Sink.js';

/** How a database treats unquoted identifiers. */
export interface IdentifierRules {
  /** Database name, for error messages. */
  readonly database: string;
  /** The case an unquoted identifier folds to. */
  readonly fold: (name: string) => string;
  readonly maxLength: number;
}

/**
 * A SinkSpec with every name already folded the way the database would fold it
 * unquoted. Generated SQL quotes these names, so reserved words are harmless and
 * what the user sees in the database is what an unquoted query would have created.
 */
export interface SinkTable extends TableRef {
  readonly columns: readonly Column[];
  readonly key: readonly string[];
  readonly mode: SinkMode;
  /** Where the query's dead letters go: DEAD LETTERS INTO's table, else k2o_dead_letters beside the table. */
  readonly deadLetters: TableRef;
  /** k2o's offsets and state tables, beside the target table. */
  readonly offsets: TableRef;
  readonly state: TableRef;
  readonly stateEntries: TableRef;
  /** Once the sink has opened: the table's column types as its catalog spells them, for a dialect that casts into some. */
  readonly existingTypes?: ReadonlyMap<string, string>;
}

/** A table name, folded. */
export interface TableRef {
  /** Set when the query wrote `schema.table`. */
  readonly schema: string | undefined;
  readonly name: string;
}

/** `table` or `schema.table`, each part checked and folded. */
export function resolveTableName(table: string, rules: IdentifierRules, role: 'rows' | 'deadLetters' = 'rows'): TableRef {
  const problem = tableNameProblem(table, rules, role);
  if (problem) throw new Error(problem);
  const [first = '', second] = table.split('.').map(rules.fold);
  return { schema: second === undefined ? undefined : first, name: second ?? first };
}

export function resolveSinkTable(spec: SinkSpec, rules: IdentifierRules): SinkTable {
  const target = resolveTableName(spec.table, rules);
  const deadLetters =
    spec.deadLetterTable === undefined
      ? { schema: target.schema, name: rules.fold(DEAD_LETTERS_TABLE) }
      : resolveTableName(spec.deadLetterTable, rules, 'deadLetters');
  if (deadLetters.schema === target.schema && deadLetters.name === target.name) {
    throw new Error(`DEAD LETTERS INTO names the query's own table "${spec.table}"; give the dead letters a table of their own`);
  }
  if (spec.schema.length === 0) throw new Error(`table "${spec.table}": the query writes no columns`);

  const columns = spec.schema.map((c) => ({ ...c, name: identifier(c.name, 'column', rules) }));
  const seen = new Map<string, string>();
  spec.schema.forEach((c, i) => {
    const folded = columns[i]?.name ?? '';
    const earlier = seen.get(folded);
    if (earlier !== undefined) {
      throw new Error(
        `columns "${earlier}" and "${c.name}" are the same column in ${rules.database} (unquoted names ignore case); give one an alias`,
      );
    }
    seen.set(folded, c.name);
  });

  const key = spec.key.map((k) => {
    const folded = identifier(k, 'key column', rules);
    if (!seen.has(folded)) throw new Error(`key column "${k}" is not a column of the query`);
    return folded;
  });
  if (spec.mode === 'update' && key.length === 0) {
    throw new Error(`MODE UPDATE into "${spec.table}" needs KEY (columns) to know which rows to replace`);
  }

  const beside = (name: string): TableRef => ({ schema: target.schema, name: rules.fold(name) });
  return {
    ...target,
    columns,
    key,
    mode: spec.mode,
    deadLetters,
    offsets: beside(OFFSETS_TABLE),
    state: beside(STATE_TABLE),
    stateEntries: beside(STATE_ENTRIES_TABLE),
  };
}

function identifier(name: string, what: string, rules: IdentifierRules): string {
  const problem = identifierProblem(name, what, rules);
  if (problem) throw new Error(problem);
  return rules.fold(name);
}

/**
 * Key columns the query can write NULL into. A NULL key is a group of its own
 * (SQL and Spark group NULLs together), so these cannot be a primary key: each
 * database gives them a key that treats NULL as one value.
 */
export function nullableKeyColumns(t: Pick<SinkTable, 'columns' | 'key'>): string[] {
  return t.key.filter((k) => t.columns.find((c) => c.name === k)?.nullable ?? true);
}

/** Safe because resolveSinkTable only lets through names without quotes. */
export function quote(name: string): string {
  return `"${name}"`;
}

export function qualified(schema: string | undefined, name: string): string {
  return schema === undefined ? quote(name) : `${quote(schema)}.${quote(name)}`;
}
