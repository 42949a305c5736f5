import type { Diagnostic, Severity } from './Diagnostic.js';
import type { Span } from '../../core/Span.js';

/**
 * Every message the compiler can give, with its code, in one table (as the
 * TypeScript compiler keeps diagnosticMessages.json): codes are stable, so users
 * and tests can refer to them; `{0}` placeholders are filled by `diag`.
 */
export const Messages = {
  // K1xxx: lexing and parsing
  UnexpectedCharacter: { code: 'K1001', severity: 'error', text: "Unexpected character '{0}'." },
  UnexpectedToken: { code: 'K1002', severity: 'error', text: "Unexpected '{0}': expected {1}." },
  UnexpectedEnd: { code: 'K1003', severity: 'error', text: 'Unexpected end of input: expected {0}.' },
  UnterminatedString: { code: 'K1004', severity: 'error', text: 'Unterminated string literal.' },
  TooDeep: { code: 'K1005', severity: 'error', text: 'The text nests too deeply to compile.' },
  // K2xxx: names
  UnknownColumn: { code: 'K2001', severity: 'error', text: "Unknown column '{0}' in {1}." },
  UnknownFunction: { code: 'K2002', severity: 'error', text: "Unknown function '{0}'." },
  DuplicateOutputColumn: { code: 'K2003', severity: 'error', text: "Output column '{0}' appears more than once." },
  DuplicateStream: { code: 'K2004', severity: 'error', text: "{0} '{1}' is already declared." },
  DuplicateColumn: { code: 'K2005', severity: 'error', text: "Column '{0}' is declared more than once." },
  UnknownOption: { code: 'K2006', severity: 'error', text: "Unknown option '{0}' for {1}." },
  StarNeedsSchema: {
    code: 'K2007',
    severity: 'error',
    text: "'*' needs the columns of '{0}', which has no declared schema.",
  },
  // K3xxx: types
  TypeMismatch: { code: 'K3001', severity: 'error', text: '{0} expects {1}, found {2}.' },
  WrongArgumentCount: { code: 'K3002', severity: 'error', text: "Function '{0}' takes {1}, found {2}." },
  BadInterval: { code: 'K3003', severity: 'error', text: "'{0}' is not an interval." },
  UnknownType: { code: 'K3005', severity: 'error', text: "Unknown type '{0}'." },
  BadOptionValue: { code: 'K3004', severity: 'error', text: "Option '{0}' {1}." },
  BadPattern: { code: 'K3006', severity: 'error', text: "'{0}' is not a regular expression: {1}." },
  OtherDatabaseType: { code: 'K3007', severity: 'error', text: "'{0}' is a type of {1}, not of {2}." },
  // K4xxx: aggregates, windows, sinks
  NotGrouped: {
    code: 'K4001',
    severity: 'error',
    text: "Column '{0}' must appear in GROUP BY or be used inside an aggregate function.",
  },
  NestedAggregate: { code: 'K4002', severity: 'error', text: 'Aggregate functions cannot be nested.' },
  AggregateInWhere: { code: 'K4003', severity: 'error', text: 'Aggregate functions are not allowed in WHERE.' },
  WindowOutsideSelect: {
    code: 'K4004',
    severity: 'error',
    text: "'{0}' may appear only as a select item or GROUP BY item of an aggregate query.",
  },
  MultipleWindows: { code: 'K4005', severity: 'error', text: 'A query may have only one window.' },
  UnboundedAppend: {
    code: 'K4006',
    severity: 'error',
    text: 'An aggregate without a window never finishes a group, so it cannot be written in APPEND mode.',
  },
  UpdateNeedsKey: { code: 'K4007', severity: 'error', text: 'MODE UPDATE needs a KEY.' },
  HavingWithoutAggregate: { code: 'K4008', severity: 'error', text: 'HAVING needs an aggregate query.' },
  NotSupportedYet: { code: 'K4009', severity: 'error', text: '{0} is not supported yet.' },
  WindowNeedsWatermark: {
    code: 'K4011',
    severity: 'error',
    text: "A windowed aggregate over stream '{0}' needs a watermark, so that windows can close.",
  },
  UnknownStream: { code: 'K2008', severity: 'error', text: "Unknown {0} '{1}'." },
  IncompatibleStreams: {
    code: 'K2009',
    severity: 'error',
    text: "Streams read together must have the same columns; '{0}' differs from '{1}'.",
  },
  BatchNeedsTable: {
    code: 'K2010',
    severity: 'error',
    text: "Reading {0} table '{1}' needs its columns.",
  },
  BadMode: { code: 'K4012', severity: 'error', text: 'MODE {0} is for {1}.' },
  SinkSchemaMismatch: { code: 'K4013', severity: 'error', text: "The query's output does not fit table '{0}': {1}." },
  NotARuntimeFeature: { code: 'K4014', severity: 'error', text: '{0} cannot run yet: {1}.' },
  DuplicateClause: { code: 'K4016', severity: 'error', text: '{0} is given more than once.' },
  ClauseNeeds: { code: 'K4017', severity: 'error', text: '{0} needs {1}.' },
  DuplicateQueryId: {
    code: 'K4018',
    severity: 'error',
    text: "Another query in this file is also called '{0}': they would share offsets, state and consumer group.",
  },
  UnknownQualifier: { code: 'K2011', severity: 'error', text: "'{0}' is not a source of this query." },
  UnknownConnector: { code: 'K2012', severity: 'error', text: "Unknown connector '{0}'." },
  ConnectorCannot: { code: 'K2013', severity: 'error', text: '{0} cannot {1}.' },
  InvalidSinkName: { code: 'K2014', severity: 'error', text: 'The sink would refuse this: {0}.' },
  HavingInUpdate: {
    code: 'K4020',
    severity: 'warning',
    text: 'With MODE UPDATE, a group that stops matching HAVING keeps the last row it was written with.',
  },
  UnboundedDistinct: {
    code: 'K4021',
    severity: 'warning',
    text: 'SELECT DISTINCT remembers every distinct row for as long as the query runs, and commits them all with every batch.',
  },
  DuplicateGroupId: {
    code: 'K4022',
    severity: 'error',
    text: "Another query in this file also reads with consumer group '{0}': Kafka would split the partitions between them.",
  },
  UndeclaredColumnAsText: {
    code: 'K4023',
    severity: 'warning',
    text: "Column '{0}' of undeclared stream '{1}' is only selected, so it is read as STRING: a JSON number or boolean is written as its text.",
  },
  DeclaredTableMismatch: {
    code: 'K4024',
    severity: 'error',
    text: "Table '{0}' exists in {1} but does not match its CREATE TABLE: {2}.",
  },
  NoQuery: { code: 'K4010', severity: 'warning', text: 'The file has no query to run.' },
} as const satisfies Record<string, { code: string; severity: Severity; text: string }>;

export type MessageKey = keyof typeof Messages;

export function diag(key: MessageKey, span: Span, args: readonly (string | number)[] = [], hint?: string): Diagnostic {
  const m = Messages[key];
  const message = m.text.replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)] ?? ''));
  return hint === undefined
    ? { code: m.code, severity: m.severity, message, span }
    : { code: m.code, severity: m.severity, message, span, hint };
}
