import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { compile, type CompileResult } from '../compile.js';
import { emptyCatalog, type Catalog } from '../compiler/analyzer/Catalog.js';
import type { QueryDefaults } from '../compiler/analyzer/analyzeSelect.js';
import type { ManagementCommand } from '../compiler/analyzer/analyzeManagement.js';
import type { Diagnostic } from '../compiler/diagnostics/Diagnostic.js';
import { diag } from '../compiler/diagnostics/messages.js';
import { formatDiagnostics } from '../compiler/diagnostics/formatDiagnostic.js';
import { closest } from '../core/suggest.js';
import { explainQuery } from '../explain.js';
import { CompileError, type Engine, type Query } from '../engine/index.js';
import { isTerminal } from '../engine/QueryStatus.js';
import { HELP_TEXT } from './helpText.js';
import { describeColumns, describeQuery, showQueries, showStreams, showTables, statusText } from './listings.js';
import { parseReplCommand, spanAt } from './parseReplCommand.js';
import { StatementBuffer } from './statementBuffer.js';

/** Where the session writes: results on `out`, errors and query news on `err`. */
export interface ReplOutput {
  out(text: string): void;
  err(text: string): void;
}

/** What a statement did: the session goes on either way, unless it was EXIT. */
export type Outcome = 'ok' | 'failed' | 'exit';

/** Where a statement came from, so that its diagnostics point into the right text. */
interface Origin {
  readonly name: string;
  /** The text before the statement, blanked out but for its line breaks, so lines and columns match the file. */
  readonly before: string;
}

const NO_QUERY = 'K4010';

const TYPED: Origin = { name: 'repl', before: '' };

/**
 * One REPL session on an Engine: its catalog and settings grow statement by
 * statement, its queries run in the background, and a query into the console
 * runs in the foreground until it ends or is interrupted.
 */
export class ReplSession {
  private catalog: Catalog = emptyCatalog();
  private settings: QueryDefaults = {};
  private foreground: Query | undefined;

  constructor(
    private readonly engine: Engine,
    private readonly output: ReplOutput,
  ) {}

  /** Names for completion: streams, tables, their columns and the queries. */
  names(): { streams: string[]; tables: string[]; columns: string[]; queries: string[] } {
    const streams = [...this.catalog.streams.values()];
    const tables = [...this.catalog.tables.values()];
    const columns = new Set([...streams.flatMap((s) => s.columns ?? []), ...tables.flatMap((t) => t.columns)].map((c) => c.name));
    return {
      streams: streams.map((s) => s.name),
      tables: tables.map((t) => t.name),
      columns: [...columns],
      queries: this.engine.queries().map((q) => q.id),
    };
  }

  /** Stops the query running in the foreground; false when there is none. */
  interrupt(): boolean {
    if (!this.foreground) return false;
    void this.foreground.stop();
    return true;
  }

  /** Stops every query, each committing its batch in flight. */
  async close(): Promise<void> {
    await this.engine.stopAll();
  }

  async execute(statement: string, origin: Origin = TYPED): Promise<Outcome> {
    const command = parseReplCommand(statement);
    switch (command?.kind) {
      case 'help':
        this.output.out(`${HELP_TEXT}\n`);
        return 'ok';
      case 'exit':
        return 'exit';
      case 'run':
        return this.runFile(command.file);
      case 'terminateAll':
        return this.terminate(this.engine.queries().filter(running));
      case 'describe': {
        const declared = this.catalog.streams.has(command.name) || this.catalog.tables.has(command.name);
        const q = command.query || !declared ? this.latest(command.name) : undefined;
        if (q) {
          this.output.out(`${describeQuery(q)}\n`);
          return 'ok';
        }
        break;
      }
      case 'error':
        return this.fail([command.diagnostic], statement, origin);
    }
    let text = statement;
    let result = compile(text, { catalog: this.catalog, settings: this.settings });
    // A bare SELECT … FROM … shows its rows, as SELECT … INTO CONSOLE.
    if (lacksOnlyInto(result.diagnostics, text)) {
      text = `${text.replace(/;\s*$/, '')} INTO CONSOLE;`;
      result = compile(text, { catalog: this.catalog, settings: this.settings });
    }
    // A session needs no query in each statement, so the compiler's "no query to run" is not said.
    const diagnostics = result.diagnostics.filter((d) => d.code !== NO_QUERY);
    if (diagnostics.length > 0) {
      const shown = diagnostics.map((d) => (d.span.offset < statement.length ? d : { ...d, span: lastToken(statement) }));
      if (shown.some((d) => d.severity === 'error')) return this.fail(shown, statement, origin);
      this.report(shown, statement, origin);
    }
    this.noteCatalogChanges(result.catalog);
    this.catalog = result.catalog;
    this.settings = result.settings;
    let outcome: Outcome = 'ok';
    for (const c of result.commands) if ((await this.carryOut(c, statement, origin)) === 'failed') outcome = 'failed';
    for (const q of result.queries) if (q.explain) this.output.out(`${explainQuery(q, q.explain.verbose)}\n`);
    if (result.queries.some((q) => !q.explain)) return this.start(result, statement, origin);
    return outcome;
  }

  private async start(result: CompileResult, statement: string, origin: Origin): Promise<Outcome> {
    let started: Query[];
    try {
      started = this.engine.start(result);
    } catch (e) {
      if (e instanceof CompileError) return this.fail(e.diagnostics, statement, origin);
      this.output.err(`error: ${(e as Error).message}\n`);
      return 'failed';
    }
    let outcome: Outcome = 'ok';
    for (const q of started) {
      if (q.compiled.analyzed.sink.connector === 'console') {
        if ((await this.runInForeground(q)) === 'failed') outcome = 'failed';
        continue;
      }
      q.on('status', (s) => {
        if (s.state === 'FAILED' || s.state === 'COMPLETED') this.output.err(`query ${q.id}: ${statusText(s)}\n`);
      });
      this.output.out(`started query ${q.id}\n`);
    }
    return outcome;
  }

  /** Rows print as batches commit; Ctrl-C (interrupt) stops the query and the prompt returns. */
  private async runInForeground(q: Query): Promise<Outcome> {
    this.foreground = q;
    this.output.err(`query ${q.id} shows its rows here; Ctrl-C stops it\n`);
    try {
      await q.awaitTermination();
    } finally {
      this.foreground = undefined;
    }
    const s = q.status();
    const rows = q.progress()?.totals.numOutputRows ?? 0;
    this.output.err(`query ${q.id}: ${statusText(s)} after ${rows} row${rows === 1 ? '' : 's'}\n`);
    return s.state === 'FAILED' ? 'failed' : 'ok';
  }

  private async carryOut(c: ManagementCommand, statement: string, origin: Origin): Promise<Outcome> {
    switch (c.kind) {
      case 'show':
        this.output.out(
          `${c.what === 'queries' ? showQueries(this.engine.queries()) : c.what === 'streams' ? showStreams(this.catalog) : showTables(this.catalog)}\n`,
        );
        return 'ok';
      case 'describe': {
        const def = c.object === 'stream' ? this.catalog.streams.get(c.name) : this.catalog.tables.get(c.name);
        this.output.out(`${describeColumns(c.object, c.name, def?.columns)}\n`);
        return 'ok';
      }
      case 'terminate': {
        const q = this.latest(c.id);
        if (q && running(q)) return this.terminate([q]);
        const ids = this.engine
          .queries()
          .filter(running)
          .map((r) => r.id);
        const guess = closest(c.id, ids);
        const at = statement.toLowerCase().lastIndexOf(c.id.toLowerCase());
        const hint = guess ? `Did you mean '${guess}'?` : ids.length > 0 ? `Running: ${ids.join(', ')}.` : 'No query is running.';
        return this.fail(
          [diag('UnknownStream', spanAt(statement, Math.max(0, at), c.id.length), ['running query', c.id], hint)],
          statement,
          origin,
        );
      }
      case 'set':
        this.output.out(`${c.name} = ${typeof c.value === 'string' ? `'${c.value}'` : c.value} for the queries started from now on\n`);
        return 'ok';
    }
  }

  private async terminate(queries: readonly Query[]): Promise<Outcome> {
    await Promise.all(queries.map((q) => q.stop()));
    for (const q of queries) this.output.out(`query ${q.id}: ${statusText(q.status())}\n`);
    if (queries.length === 0) this.output.out('no query is running\n');
    return 'ok';
  }

  /** RUN 'file': its statements one by one, as if typed, until one fails. */
  async runFile(file: string): Promise<Outcome> {
    let text: string;
    try {
      text = readFileSync(resolve(file), 'utf8');
    } catch (e) {
      this.output.err(`error: cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
      return 'failed';
    }
    return this.runText(text, file);
  }

  /** Every statement of a text, in order; stops at the first that fails or exits. */
  async runText(text: string, name: string): Promise<Outcome> {
    const buffer = new StatementBuffer();
    const statements = text.split('\n').flatMap((line) => buffer.push(line));
    const rest = buffer.rest();
    if (rest !== undefined) statements.push(rest);
    let offset = 0;
    for (const s of statements) {
      const at = text.indexOf(s, offset);
      offset = at + s.length;
      const outcome = await this.execute(s, { name, before: text.slice(0, at).replace(/[^\n]/g, ' ') });
      if (outcome !== 'ok') return outcome;
    }
    return 'ok';
  }

  private fail(diagnostics: readonly Diagnostic[], statement: string, origin: Origin): Outcome {
    this.report(diagnostics, statement, origin);
    return 'failed';
  }

  /** Diagnostics as the CLI prints them: the line, a caret under the span, the hint. */
  private report(diagnostics: readonly Diagnostic[], statement: string, origin: Origin): void {
    const shifted = diagnostics.map((d) => shift(d, origin.before));
    this.output.err(`${formatDiagnostics(shifted, origin.before + statement, origin.name)}\n`);
  }

  /** The query of that id started last (an id may be started again after it ended). */
  private latest(id: string): Query | undefined {
    return this.engine
      .queries()
      .filter((q) => q.id === id)
      .pop();
  }

  private noteCatalogChanges(next: Catalog): void {
    for (const [kind, before, after] of [
      ['stream', this.catalog.streams, next.streams],
      ['table', this.catalog.tables, next.tables],
    ] as const) {
      for (const [name, def] of after) if (before.get(name) !== def) this.output.out(`${kind} ${name} declared\n`);
      for (const name of before.keys()) if (!after.has(name)) this.output.out(`${kind} ${name} dropped\n`);
    }
  }
}

function running(q: Query): boolean {
  return !isTerminal(q.status());
}

/** The one error is the parser's wish for INTO at the statement's end: a SELECT with no sink. */
function lacksOnlyInto(diagnostics: readonly Diagnostic[], text: string): boolean {
  const errors = diagnostics.filter((d) => d.severity === 'error');
  const end = text.replace(/;?\s*$/, '').length;
  return errors.length === 1 && errors[0]!.code === 'K1002' && /expected INTO\b/.test(errors[0]!.message) && errors[0]!.span.offset >= end;
}

/** The span of the statement's last token, for a diagnostic about text the session added after it. */
function lastToken(text: string): Diagnostic['span'] {
  const trimmed = text.replace(/\s*$/, '');
  const start = Math.max(0, trimmed.search(/\S+$/));
  return spanAt(text, start, trimmed.length - start);
}

/** A diagnostic of a statement, moved to where the statement stands in its text. */
function shift(d: Diagnostic, before: string): Diagnostic {
  if (before.length === 0) return d;
  const lines = before.split('\n');
  const lastLine = lines[lines.length - 1]!.length;
  const { line, column, offset, length } = d.span;
  return {
    ...d,
    span: { offset: offset + before.length, line: line + lines.length - 1, column: line === 1 ? column + lastLine : column, length },
  };
}
