import type { BoundExpr } from '../../core/BoundExpr.js';
import type { Column } from '../../core/Schema.js';
import type { SqlType } from '../../core/SqlType.js';
import { castValue } from '../../expr/castValue.js';
import type { Row } from '../../core/Schema.js';
import type { TableReadSpec } from '../../runtime/ports/TableSource.js';
import { quote, resolveTableName, type IdentifierRules, type TableRef } from './sinkTable.js';

/** How one database spells a batch read: names, bind placeholders, and each column read as castValue takes it. */
export interface TableReadDialect {
  readonly identifiers: IdentifierRules;
  tableName(t: TableRef): string;
  /** The n-th bind placeholder, from 1. */
  placeholder(n: number): string;
  /** The select-list expression that reads a column of this type in the form castValue reads (Schema.ts's representation). */
  readColumn(quoted: string, type: SqlType): string;
}

/** A SELECT and its binds. */
export interface TableReadSql {
  readonly sql: string;
  readonly binds: unknown[];
}

/**
 * The SELECT of a batch read. Names are folded as the database folds unquoted
 * names and quoted (resolveTableName refuses quotes), string literals travel as
 * binds, and numbers are written out: a bind's type would be inferred from the
 * column, and 10.5 would not be an integer's bind.
 */
export function tableReadSql(spec: TableReadSpec, d: TableReadDialect): TableReadSql {
  const table = resolveTableName(spec.table, d.identifiers);
  const binds: unknown[] = [];
  const name = (c: string) => quote(d.identifiers.fold(c));
  const bind = (v: unknown) => {
    binds.push(v);
    return d.placeholder(binds.length);
  };
  const render = (e: BoundExpr): string => {
    if (e.kind === 'column') return name(e.name);
    if (e.kind === 'literal') {
      if (typeof e.value === 'number') return String(e.value);
      if (typeof e.value === 'string') return bind(e.value);
      throw new Error(`internal: literal ${String(e.value)} cannot be read in SQL`);
    }
    const a = e.args.map((x) => `(${render(x)})`);
    switch (e.fn) {
      case 'and':
      case 'or':
        return a.join(` ${e.fn.toUpperCase()} `);
      case 'not':
        return `NOT ${a[0]}`;
      case 'is null':
      case 'is not null':
        return `${a[0]} ${e.fn.toUpperCase()}`;
      case 'in':
        return `${a[0]} IN (${a.slice(1).join(', ')})`;
      case 'between':
        return `${a[0]} BETWEEN ${a[1]} AND ${a[2]}`;
      case 'like':
        return `${a[0]} LIKE ${a[1]}`;
      default:
        return `${a[0]} ${e.fn} ${a[1]}`;
    }
  };
  const select = spec.columns.map((c) => d.readColumn(name(c.name), c.type)).join(', ');
  const where = spec.where.length > 0 ? `\nWHERE ${spec.where.map((w) => `(${render(w)})`).join(' AND ')}` : '';
  return { sql: `SELECT ${select || '1'}\nFROM ${d.tableName(table)}${where}`, binds };
}

/**
 * The driver's values of one fetched row (in the columns' order) as a Row. The
 * read expressions give each type in a form castValue reads exactly; a value
 * that still does not fit its column names the column and the table.
 */
export function tableRow(values: readonly unknown[], columns: readonly Column[], table: string): Row {
  const row: Row = new Array(columns.length);
  for (let i = 0; i < columns.length; i++) {
    const c = columns[i]!;
    const v = castValue(values[i], c.type, 'decode');
    if (v === undefined) throw new Error(`table ${table}: column ${c.name} holds ${String(values[i])}, which is not a ${c.type.kind}`);
    row[i] = v;
  }
  return row;
}
