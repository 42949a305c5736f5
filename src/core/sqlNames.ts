/**
 * The names a table-holding sink accepts, checked the same way by `k2o check`
 * (the analyzer) and by the sink when it opens: a name that `run` would refuse
 * is refused before any data flows, with the same words.
 */
export interface NameRules {
  /** The database, for messages: 'PostgreSQL'. */
  readonly database: string;
  readonly maxLength: number;
}

// Letters, digits, _ and $: what both PostgreSQL and Oracle accept unquoted, so a
// name valid for one sink stays valid when the query moves to the other.
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_$]*$/;

/** k2o's own tables beside each target table (folded like any unquoted name). */
export const DEAD_LETTERS_TABLE = 'k2o_dead_letters';
export const OFFSETS_TABLE = 'k2o_offsets';
export const STATE_TABLE = 'k2o_state';
export const STATE_ENTRIES_TABLE = 'k2o_state_entries';

/** Why `name` cannot be a column or table name of the database, or undefined when it can. */
export function identifierProblem(name: string, what: string, rules: NameRules): string | undefined {
  if (!IDENTIFIER.test(name)) {
    return `invalid ${rules.database} ${what} name "${name}": use letters, digits, _ and $, starting with a letter or _ (alias computed columns)`;
  }
  if (name.length > rules.maxLength) return `invalid ${rules.database} ${what} name "${name}": longer than ${rules.maxLength} characters`;
  return undefined;
}

/**
 * Why `table` (`table` or `schema.table`) cannot be written by a query, or
 * undefined when it can. k2o's offsets and state tables are never a target: rows
 * written there would be read back as where to resume. Its dead-letter table
 * may take dead letters (it does by default), never a query's rows.
 */
export function tableNameProblem(table: string, rules: NameRules, role: 'rows' | 'deadLetters'): string | undefined {
  const parts = table.split('.');
  if (parts.length > 2) return `invalid ${rules.database} table name "${table}": expected table or schema.table`;
  for (const p of parts) {
    const problem = identifierProblem(p, 'table', rules);
    if (problem) return problem;
  }
  const name = parts[parts.length - 1]!.toLowerCase();
  const own =
    role === 'rows'
      ? [OFFSETS_TABLE, STATE_TABLE, STATE_ENTRIES_TABLE, DEAD_LETTERS_TABLE]
      : [OFFSETS_TABLE, STATE_TABLE, STATE_ENTRIES_TABLE];
  if (own.includes(name))
    return `"${table}" is one of k2o's own tables (${own.join(', ')}), which hold where each query resumes; write into a table of your own`;
  return undefined;
}
