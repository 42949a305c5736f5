import type { Span } from '../../core/Span.js';
import type { ConnectorName } from '../../core/specs.js';
import type { InsertMode, WriteMode } from '../../core/specs.js';

/**
 * The abstract syntax tree: tagged unions (a `kind` on every node), every node
 * with the span of the text it came from, so any later phase can point at it.
 */

export type Expr =
  | ColumnRef
  | Literal
  | IntervalLit
  | UnaryExpr
  | BinaryExpr
  | FunctionCall
  | IsNullExpr
  | InExpr
  | BetweenExpr
  | LikeExpr
  | CaseExpr
  | CastExpr;

export interface ColumnRef {
  readonly kind: 'ColumnRef';
  readonly qualifier?: string;
  readonly name: string;
  readonly span: Span;
}

export interface Literal {
  readonly kind: 'Literal';
  readonly value: string | number | boolean | null;
  readonly span: Span;
}

/** An interval literal, already converted to milliseconds. */
export interface IntervalLit {
  readonly kind: 'IntervalLit';
  readonly text: string;
  readonly millis: number;
  readonly span: Span;
}

export interface UnaryExpr {
  readonly kind: 'UnaryExpr';
  readonly op: '-' | 'NOT';
  readonly operand: Expr;
  readonly span: Span;
}

export type BinaryOp = '+' | '-' | '*' | '/' | '%' | '||' | '=' | '<>' | '<' | '<=' | '>' | '>=' | 'AND' | 'OR';

export interface BinaryExpr {
  readonly kind: 'BinaryExpr';
  readonly op: BinaryOp;
  readonly left: Expr;
  readonly right: Expr;
  readonly span: Span;
}

export interface FunctionCall {
  readonly kind: 'FunctionCall';
  /** Lower-cased: function names are case-insensitive. */
  readonly name: string;
  readonly args: readonly Expr[];
  /** `count(*)`. */
  readonly star: boolean;
  readonly distinct: boolean;
  readonly nameSpan: Span;
  readonly span: Span;
}

export interface IsNullExpr {
  readonly kind: 'IsNullExpr';
  readonly operand: Expr;
  readonly negated: boolean;
  readonly span: Span;
}

export interface InExpr {
  readonly kind: 'InExpr';
  readonly operand: Expr;
  readonly list: readonly Expr[];
  readonly negated: boolean;
  readonly span: Span;
}

export interface BetweenExpr {
  readonly kind: 'BetweenExpr';
  readonly operand: Expr;
  readonly low: Expr;
  readonly high: Expr;
  readonly negated: boolean;
  readonly span: Span;
}

export interface LikeExpr {
  readonly kind: 'LikeExpr';
  readonly operand: Expr;
  readonly pattern: Expr;
  readonly negated: boolean;
  readonly span: Span;
}

export interface CaseExpr {
  readonly kind: 'CaseExpr';
  readonly operand?: Expr;
  readonly branches: readonly { readonly when: Expr; readonly then: Expr }[];
  readonly otherwise?: Expr;
  readonly span: Span;
}

export interface TypeRef {
  /** Upper-cased type name as written; `TIMESTAMP WITH TIME ZONE` keeps its words, one space apart. */
  readonly name: string;
  readonly params: readonly number[];
  readonly span: Span;
}

export interface CastExpr {
  readonly kind: 'CastExpr';
  readonly operand: Expr;
  readonly type: TypeRef;
  readonly span: Span;
}

export interface Ident {
  /** Unquoted names are folded to lower case; quoted names keep their case. */
  readonly name: string;
  readonly span: Span;
}

export interface OptionItem {
  readonly name: Ident;
  readonly value: Literal;
}

export interface SelectItem {
  readonly expr: Expr | 'star';
  readonly alias?: Ident;
  readonly span: Span;
}

export type ModeWord = WriteMode | InsertMode;

/** `oracle t`, `postgres t`, `kafka topic` or `CONSOLE`: any connector name, checked by the analyzer. */
export interface SinkRef {
  readonly sink: ConnectorName;
  readonly sinkSpan: Span;
  readonly target?: Ident;
}

export type Route = 'failed' | 'deadLetters' | 'late';

export type Trigger =
  | { readonly kind: 'every'; readonly millis: number; readonly span: Span }
  | { readonly kind: 'once'; readonly span: Span }
  | { readonly kind: 'availableNow'; readonly span: Span }
  | { readonly kind: 'continuous'; readonly span: Span };

export interface IntoClause extends SinkRef {
  readonly mode?: { readonly value: ModeWord; readonly span: Span };
  readonly key?: readonly Ident[];
  /** Where failed-quality, undecodable and late rows go, when not the default. */
  readonly routes: readonly { readonly route: Route; readonly to: SinkRef; readonly span: Span }[];
  readonly trigger?: Trigger;
  readonly options: readonly OptionItem[];
}

/** `FROM kafka a, b`, `FROM postgres t` (names), or `FROM kafka 'orders_.*'` (a pattern). */
export type FromClause =
  | { readonly kind: 'names'; readonly connector: Ident; readonly names: readonly Ident[]; readonly span: Span }
  | { readonly kind: 'pattern'; readonly connector: Ident; readonly pattern: string; readonly patternSpan: Span; readonly span: Span };

export interface DedupClause {
  readonly keys: readonly Ident[];
  readonly withinMs: number;
  readonly span: Span;
}

export interface QualityRule {
  readonly name: Ident;
  readonly expr: Expr;
}

/** SELECT … FROM … up to HAVING. */
export interface QueryBody {
  readonly distinct: boolean;
  readonly items: readonly SelectItem[];
  readonly from: FromClause;
  readonly where?: Expr;
  readonly dedup?: DedupClause;
  readonly quality: readonly QualityRule[];
  readonly groupBy: readonly Expr[];
  readonly having?: Expr;
  readonly span: Span;
}

export interface SelectStmt extends QueryBody {
  readonly kind: 'SelectStmt';
  readonly into: IntoClause;
}

/** A batch copy between database tables. */
export interface InsertStmt {
  readonly kind: 'InsertStmt';
  readonly database: Ident;
  readonly target: Ident;
  readonly query: QueryBody;
  readonly mode?: { readonly value: ModeWord; readonly span: Span };
  readonly options: readonly OptionItem[];
  readonly span: Span;
}

export interface ColumnDef {
  readonly name: Ident;
  readonly type: TypeRef;
  readonly notNull: boolean;
}

export interface WatermarkDef {
  readonly column: Ident;
  readonly expr: Expr;
  readonly span: Span;
}

export interface CreateStreamStmt {
  readonly kind: 'CreateStreamStmt';
  readonly name: Ident;
  readonly columns: readonly ColumnDef[];
  readonly watermark?: WatermarkDef;
  readonly options: readonly OptionItem[];
  readonly span: Span;
}

export interface CreateTableStmt {
  readonly kind: 'CreateTableStmt';
  readonly ifNotExists: boolean;
  readonly name: Ident;
  readonly columns: readonly ColumnDef[];
  readonly primaryKey: readonly Ident[];
  readonly database: Ident;
  readonly span: Span;
}

export interface DropStmt {
  readonly kind: 'DropStmt';
  readonly object: 'stream' | 'table';
  readonly ifExists: boolean;
  readonly name: Ident;
  readonly span: Span;
}

export interface ExplainStmt {
  readonly kind: 'ExplainStmt';
  readonly verbose: boolean;
  readonly statement: SelectStmt | InsertStmt;
  readonly span: Span;
}

/** Statements for the REPL and a running k2o: they inspect or steer, they compile to no plan. */
export type ManagementStmt =
  | { readonly kind: 'ShowStmt'; readonly what: 'queries' | 'streams' | 'tables'; readonly span: Span }
  | { readonly kind: 'DescribeStmt'; readonly name: Ident; readonly span: Span }
  | { readonly kind: 'TerminateStmt'; readonly id: string; readonly span: Span }
  | { readonly kind: 'SetStmt'; readonly name: Ident; readonly value: Literal; readonly span: Span };

export type Statement = SelectStmt | InsertStmt | CreateStreamStmt | CreateTableStmt | DropStmt | ExplainStmt | ManagementStmt;

export interface Script {
  readonly statements: readonly Statement[];
}
