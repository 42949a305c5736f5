import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/compile.js';
import { complete } from '../../src/repl/completion.js';
import { History, HISTORY_SIZE } from '../../src/repl/history.js';
import { parseReplCommand } from '../../src/repl/parseReplCommand.js';
import { StatementBuffer } from '../../src/repl/statementBuffer.js';
import { registerFunction } from '../../src/engine/registerFunction.js';

describe('StatementBuffer', () => {
  it('ends a statement at a ; of code, over several lines', () => {
    const b = new StatementBuffer();
    expect(b.push('SELECT a')).toEqual([]);
    expect(b.pending).toBe(true);
    expect(b.push('FROM KAFKA t INTO CONSOLE;')).toEqual(['SELECT a\nFROM KAFKA t INTO CONSOLE;']);
    expect(b.pending).toBe(false);
  });

  it('does not end at a ; inside a string, a quoted name, a line comment or a block comment', () => {
    const b = new StatementBuffer();
    expect(b.push('SELECT \'a;b\' AS "x;y" -- why; not')).toEqual([]);
    expect(b.push('/* one; two')).toEqual([]);
    expect(b.push("three; */ FROM KAFKA t WHERE s = 'it''s; fine' INTO CONSOLE; SHOW QUERIES;")).toEqual([
      "SELECT 'a;b' AS \"x;y\" -- why; not\n/* one; two\nthree; */ FROM KAFKA t WHERE s = 'it''s; fine' INTO CONSOLE;",
      ' SHOW QUERIES;',
    ]);
    expect(b.pending).toBe(false);
  });

  it('a string literal that spans lines keeps the statement open', () => {
    const b = new StatementBuffer();
    expect(b.push("SELECT 'first;")).toEqual([]);
    expect(b.push("second' AS s FROM KAFKA t INTO CONSOLE;")).toHaveLength(1);
  });

  it('gives what is left at the end, unless only comments are left', () => {
    const b = new StatementBuffer();
    b.push('SHOW QUERIES; -- done');
    expect(b.pending).toBe(false);
    expect(b.rest()).toBeUndefined();
    b.push('SHOW STREAMS');
    expect(b.rest()).toBe('SHOW STREAMS');
  });
});

describe('parseReplCommand', () => {
  it('reads the words the grammar does not know, and leaves the language to the compiler', () => {
    expect(parseReplCommand('help;')).toEqual({ kind: 'help' });
    expect(parseReplCommand('-- bye\nQUIT;')).toEqual({ kind: 'exit' });
    expect(parseReplCommand("RUN 'dir/it''s.ksql';")).toEqual({ kind: 'run', file: "dir/it's.ksql" });
    expect(parseReplCommand('terminate all;')).toEqual({ kind: 'terminateAll' });
    expect(parseReplCommand("TERMINATE 'all';")).toBeUndefined();
    expect(parseReplCommand('DESCRIBE copy_orders;')).toEqual({ kind: 'describe', name: 'copy_orders', query: false });
    expect(parseReplCommand("describe query 'copy-orders';")).toEqual({ kind: 'describe', name: 'copy-orders', query: true });
    expect(parseReplCommand('SELECT a FROM KAFKA t INTO CONSOLE;')).toBeUndefined();
    expect(parseReplCommand('SHOW QUERIES;')).toBeUndefined();
  });

  it('says where a RUN or an EXIT went wrong', () => {
    const run = parseReplCommand('RUN queries.ksql;');
    expect(run).toMatchObject({ kind: 'error', diagnostic: { code: 'K1002', span: { line: 1, column: 5, length: 12 } } });
    const exit = parseReplCommand('EXIT now;');
    expect(exit).toMatchObject({ kind: 'error', diagnostic: { code: 'K1002', span: { column: 6, length: 3 } } });
  });
});

describe('complete', () => {
  const names = { streams: ['orders'], tables: ['daily'], columns: ['order_id', 'amount'], queries: ['copy_orders'] };

  it('offers columns, streams and queries by prefix; one sure completion ends with a space', () => {
    expect(complete('SELECT ord', names)).toEqual([['order_id', 'orders'], 'ord']);
    expect(complete('SELECT amo', names)).toEqual([['amount '], 'amo']);
    expect(complete('TERMINATE cop', names)).toEqual([['copy_orders '], 'cop']);
  });

  it('offers keywords in the case they were begun in, and functions with their parenthesis', () => {
    expect(complete('SELECT a FR', names)[0]).toContain('FROM');
    expect(complete('select a fr', names)[0]).toContain('from');
    expect(complete('SELECT coal', names)).toEqual([['coalesce('], 'coal']);
    expect(complete('', names)).toEqual([[], '']);
  });

  it('offers a function registered after the session began', () => {
    registerFunction('repl_completion_udf', { args: ['STRING'], returns: 'STRING' }, (s) => s);
    expect(complete('SELECT repl_completion_u', names)[0]).toEqual(['repl_completion_udf(']);
  });
});

describe('History', () => {
  it('keeps lines across instances, newest first, and cuts the file back to its bound when read', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'k2o-hist-')), 'sub', 'history');
    const h = new History(path);
    expect(h.load()).toEqual([]);
    h.add('SHOW QUERIES;');
    h.add('   ');
    h.add('EXIT');
    expect(new History(path).load()).toEqual(['EXIT', 'SHOW QUERIES;']);
    writeFileSync(path, Array.from({ length: HISTORY_SIZE + 50 }, (_, i) => `line ${i}\n`).join(''));
    const cut = new History(path).load();
    expect(cut).toHaveLength(HISTORY_SIZE);
    expect(cut[0]).toBe(`line ${HISTORY_SIZE + 49}`);
    expect(readFileSync(path, 'utf8').split('\n').filter(Boolean)).toHaveLength(HISTORY_SIZE);
  });
});

describe('compile across statements', () => {
  it('takes the catalog and the settings of earlier statements and gives back the new ones', () => {
    const first = compile("CREATE STREAM s (a INT) WITH (topic = 't'); SET trigger_interval = '5 seconds';");
    expect([...first.catalog.streams.keys()]).toEqual(['s']);
    const second = compile('SELECT a FROM KAFKA s INTO CONSOLE;', { catalog: first.catalog, settings: first.settings });
    expect(second.diagnostics).toEqual([]);
    expect(second.queries[0]!.physical.trigger).toEqual({ kind: 'every', millis: 5000 });
    const dropped = compile('DROP STREAM s;', { catalog: first.catalog });
    expect(dropped.catalog.streams.size).toBe(0);
    expect(first.catalog.streams.size).toBe(1);
  });
});
