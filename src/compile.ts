import { analyzeCreateStream } from './compiler/analyzer/analyzeCreateStream.js';
import { analyzeCreateTable } from './compiler/analyzer/analyzeCreateTable.js';
import { analyzeInsert } from './compiler/analyzer/analyzeInsert.js';
import { analyzeManagement, SETTINGS, type ManagementCommand } from './compiler/analyzer/analyzeManagement.js';
import { analyzeSelect, type QueryDefaults } from './compiler/analyzer/analyzeSelect.js';
import { parseInterval } from './compiler/ast/interval.js';
import type { AnalyzedQuery } from './compiler/analyzer/AnalyzedQuery.js';
import { emptyCatalog, type AnalysisCatalog, type Catalog, type StreamDef, type TableDef } from './compiler/analyzer/Catalog.js';
import { connectorCatalog, type ConnectorCatalog, type ConnectorDescriptor } from './core/ConnectorDescriptor.js';
import { BUILTIN_CONNECTORS } from './connectors/registry.js';
import type { Statement } from './compiler/ast/Ast.js';
import { type Diagnostic, NO_SPAN } from './compiler/diagnostics/Diagnostic.js';
import { type Span } from './core/Span.js';
import { diag } from './compiler/diagnostics/messages.js';
import { closest } from './core/suggest.js';
import { parse } from './compiler/parser/parse.js';
import type { LogicalPlan, SinkNode } from './plan/logical/LogicalPlan.js';
import { planQuery } from './plan/logical/planQuery.js';
import { optimize } from './plan/optimizer/optimize.js';
import { lowerPlan } from './plan/physical/lowerPlan.js';
import type { SinkExec } from './plan/physical/PhysicalPlan.js';

export interface CompileOptions {
  /** Streams and tables the program already knows; statements in the text add to (a copy of) them. */
  readonly catalog?: Catalog;
  /**
   * The connectors queries may name (FROM x, INTO x, IN x): k2o's own registry
   * unless given, so a program can compile for connectors of its own.
   */
  readonly connectors?: readonly ConnectorDescriptor[];
  /** Query defaults that earlier `SET`s chose (a REPL carries them from one statement to the next). */
  readonly settings?: QueryDefaults;
}

export interface CompiledQuery {
  readonly analyzed: AnalyzedQuery;
  /** As planned, before optimization. */
  readonly logical: SinkNode;
  readonly optimized: LogicalPlan;
  /** The plan after each optimizer rule that changed it. */
  readonly steps: readonly { readonly rule: string; readonly plan: string }[];
  readonly physical: SinkExec;
  /**
   * What `k2o run` would refuse, before any data flows: features that compile and
   * plan but that this runtime cannot run yet (K4014), each at its clause. Not
   * compile errors: `check` and `explain` accept them.
   */
  readonly runtimeGaps: readonly Diagnostic[];
  /** `EXPLAIN [VERBOSE] …`: shown, not run. */
  readonly explain?: { readonly verbose: boolean };
}

export interface CompileResult {
  readonly queries: readonly CompiledQuery[];
  /** Streams and tables the text declared (after its DROPs). */
  readonly streams: readonly StreamDef[];
  readonly tables: readonly TableDef[];
  /** SHOW, DESCRIBE, TERMINATE and SET, in text order, for a REPL or a running k2o to carry out. */
  readonly commands: readonly ManagementCommand[];
  readonly diagnostics: readonly Diagnostic[];
  /** Every stream and table known after the text (the given catalog, changed by its CREATEs and DROPs). */
  readonly catalog: Catalog;
  /** The query defaults after the text's `SET`s. */
  readonly settings: QueryDefaults;
}

/**
 * Text → plans. Never throws for a user's mistake: errors come back as
 * diagnostics, sorted by position, and no query is returned while there is any
 * error, so nothing runs half-compiled.
 */
export function compile(text: string, options: CompileOptions = {}): CompileResult {
  try {
    return compileText(text, options);
  } catch (e) {
    // The parser and the analyzer recurse over the text's nesting; thousands of
    // nested parentheses or chained ORs exhaust the stack. That is the text's limit, not a crash.
    if (!(e instanceof RangeError)) throw e;
    return {
      queries: [],
      streams: [],
      tables: [],
      commands: [],
      catalog: options.catalog ?? emptyCatalog(),
      settings: options.settings ?? {},
      diagnostics: [diag('TooDeep', NO_SPAN, [], 'Split the expression, or use IN (…) for long lists of alternatives.')],
    };
  }
}

function compileText(text: string, options: CompileOptions): CompileResult {
  const connectors = options.connectors ? connectorCatalog(options.connectors) : BUILTIN_CONNECTORS;
  const parsed = parse(text, connectors);
  if (!parsed.script) {
    const unchanged = { catalog: options.catalog ?? emptyCatalog(), settings: options.settings ?? {} };
    return { queries: [], streams: [], tables: [], commands: [], diagnostics: parsed.diagnostics, ...unchanged };
  }
  const session = new CompileSession(options.catalog, connectors, options.settings);
  for (const stmt of parsed.script.statements) session.add(stmt);
  const { diagnostics } = session;
  if (session.queries.length === 0 && session.commands.length === 0 && diagnostics.length === 0) {
    diagnostics.push(diag('NoQuery', NO_SPAN, [], 'Add a SELECT … FROM KAFKA … INTO … statement.'));
  }
  diagnostics.sort((a, b) => a.span.offset - b.span.offset);
  const failed = diagnostics.some((d) => d.severity === 'error');
  return {
    queries: failed ? [] : session.queries,
    // By identity, not name: a catalog stream dropped and declared again is the text's own.
    streams: [...session.streams.values()].filter((s) => options.catalog?.streams.get(s.name) !== s),
    tables: [...session.tables.values()].filter((t) => options.catalog?.tables.get(t.name) !== t),
    commands: failed ? [] : session.commands,
    diagnostics,
    catalog: { streams: session.streams, tables: session.tables },
    settings: session.defaults,
  };
}

/** The catalog as the statements of one text change it, in order. */
class CompileSession {
  readonly diagnostics: Diagnostic[] = [];
  readonly queries: CompiledQuery[] = [];
  readonly commands: ManagementCommand[] = [];
  readonly streams: Map<string, StreamDef>;
  readonly tables: Map<string, TableDef>;
  defaults: QueryDefaults;
  /** Ids and explicit consumer groups of the queries so far, so each new query is checked in constant time. */
  private readonly queryIds = new Set<string>();
  private readonly groupIds = new Set<string>();

  constructor(
    catalog: Catalog | undefined,
    private readonly connectors: ConnectorCatalog,
    settings: QueryDefaults = {},
  ) {
    this.defaults = settings;
    this.streams = new Map(catalog?.streams ?? []);
    this.tables = new Map(catalog?.tables ?? []);
  }

  add(stmt: Statement): void {
    const out = this.diagnostics;
    const catalog: AnalysisCatalog = { streams: this.streams, tables: this.tables, connectors: this.connectors };
    switch (stmt.kind) {
      case 'CreateStreamStmt': {
        if (this.streams.has(stmt.name.name))
          return void out.push(
            diag(
              'DuplicateStream',
              stmt.name.span,
              ['Stream', stmt.name.name],
              `Drop it first (DROP STREAM ${stmt.name.name}) or choose another name.`,
            ),
          );
        const def = analyzeCreateStream(stmt, out);
        if (def) this.streams.set(def.name, def);
        return;
      }
      case 'CreateTableStmt': {
        if (this.tables.has(stmt.name.name))
          return void out.push(
            diag(
              'DuplicateStream',
              stmt.name.span,
              ['Table', stmt.name.name],
              `Drop it first (DROP TABLE ${stmt.name.name}) or choose another name.`,
            ),
          );
        const def = analyzeCreateTable(stmt, this.connectors, out);
        if (def) this.tables.set(def.name, def);
        return;
      }
      case 'DropStmt': {
        const map = stmt.object === 'stream' ? this.streams : this.tables;
        if (!map.delete(stmt.name.name) && !stmt.ifExists) {
          // A close declared name is more likely a typo than a DROP meant to do nothing.
          const guess = closest(stmt.name.name, [...map.keys()]);
          const hint = guess ? `Did you mean '${guess}'?` : `Write DROP ${stmt.object.toUpperCase()} IF EXISTS to allow that.`;
          out.push(diag('UnknownStream', stmt.name.span, [stmt.object, stmt.name.name], hint));
        }
        return;
      }
      case 'SelectStmt':
      case 'InsertStmt':
      case 'ExplainStmt': {
        const target = stmt.kind === 'ExplainStmt' ? stmt.statement : stmt;
        const analyzed =
          target.kind === 'SelectStmt' ? analyzeSelect(target, catalog, out, this.defaults) : analyzeInsert(target, catalog, out);
        if (!analyzed) return;
        const explain = stmt.kind === 'ExplainStmt' ? { verbose: stmt.verbose } : undefined;
        const group = groupIdOf(analyzed);
        if (!explain) {
          if (this.queryIds.has(analyzed.id))
            out.push(diag('DuplicateQueryId', analyzed.span, [analyzed.id], "Name one of them: WITH (name = '…') after INTO."));
          if (group !== undefined && this.groupIds.has(group)) {
            out.push(
              diag(
                'DuplicateGroupId',
                analyzed.span,
                [group],
                'Give each query its own stream declaration with its own group_id, or drop group_id (each query then gets k2o-<query id>).',
              ),
            );
          }
          this.queryIds.add(analyzed.id);
          if (group !== undefined) this.groupIds.add(group);
        }
        this.queries.push(planAll(analyzed, explain, this.connectors));
        return;
      }
      default: {
        const command = analyzeManagement(stmt, catalog, out);
        if (command) this.commands.push(command);
        if (command?.kind === 'set' && stmt.kind === 'SetStmt') this.applySetting(command.name, command.value, stmt.value.span);
      }
    }
  }

  /** SET changes the defaults of the queries that follow it in the text. */
  private applySetting(name: keyof typeof SETTINGS, value: string | number, span: Span): void {
    if (name === 'max_records_per_batch') {
      this.defaults = { ...this.defaults, maxRecordsPerBatch: Number(value) };
      return;
    }
    const millis = parseInterval(String(value));
    if (millis === undefined || millis <= 0)
      this.diagnostics.push(diag('BadInterval', span, [String(value)], "Write a duration such as '10 seconds'."));
    else this.defaults = { ...this.defaults, trigger: { kind: 'every', millis } };
  }
}

function planAll(analyzed: AnalyzedQuery, explain: { verbose: boolean } | undefined, connectors: ConnectorCatalog): CompiledQuery {
  const logical = planQuery(analyzed);
  const { plan, steps } = optimize(logical);
  if (plan.kind !== 'Sink') throw new Error('internal: optimizer removed the sink');
  const lowered = lowerPlan(plan, connectors);
  return {
    analyzed,
    logical,
    optimized: plan,
    steps,
    physical: lowered.plan,
    runtimeGaps: lowered.diagnostics,
    ...(explain && { explain }),
  };
}

/** The query's `runtimeGaps`, for `queries.flatMap(runtimeGaps)`. */
export function runtimeGaps(q: CompiledQuery): Diagnostic[] {
  return [...q.runtimeGaps];
}

/** The consumer group a query names explicitly (group_id), used as given. */
function groupIdOf(q: AnalyzedQuery): string | undefined {
  return q.source.kind === 'stream' ? q.source.groupId : undefined;
}
