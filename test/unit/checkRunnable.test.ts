import { describe, expect, it } from 'vitest';
import { compile } from '../../src/compile.js';
import { checkRunnable } from '../../src/plan/physical/checkRunnable.js';
import { lowerPlan } from '../../src/plan/physical/lowerPlan.js';
import type { SinkExec } from '../../src/plan/physical/PhysicalPlan.js';
import { BUILTIN_CONNECTORS } from '../../src/connectors/registry.js';
import { KAFKA } from '../../src/connectors/kafka/descriptor.js';

function physical(text: string): SinkExec {
  const r = compile(text);
  // K4023 (a selected column of an undeclared stream is read as STRING) is a warning these plans may carry.
  expect(r.diagnostics.filter((d) => d.code !== 'K4023')).toEqual([]);
  return r.queries[0]!.physical;
}

/** What this runtime cannot run yet is read off the physical plan, not off the text or the analysis. */
describe('checkRunnable', () => {
  it('is what lowering reports beside the plan, and what compile hands on as runtimeGaps', () => {
    const r = compile("SELECT a FROM KAFKA 'x.*' INTO POSTGRES y DEAD LETTERS INTO KAFKA dlq;");
    const optimized = r.queries[0]!.optimized;
    if (optimized.kind !== 'Sink') throw new Error('the optimized plan has a sink at its root');
    const lowered = lowerPlan(optimized, BUILTIN_CONNECTORS);
    expect(lowered.plan).toEqual(r.queries[0]!.physical);
    expect(lowered.diagnostics).toEqual(r.queries[0]!.runtimeGaps);
    expect(lowered.diagnostics.map((d) => d.message)).toEqual([
      expect.stringMatching(/^DEAD LETTERS INTO KAFKA with INTO POSTGRES cannot run yet: dead letters commit in the same transaction/),
    ]);
  });

  it('a runnable plan gives none, also with a Kafka sink; a sink its descriptor says does not run yet gives K4014 at the sink', () => {
    const text = 'SELECT a FROM KAFKA x INTO CONSOLE;';
    const p = physical(text);
    expect(checkRunnable(p, BUILTIN_CONNECTORS)).toEqual([]);
    const kafkaSink = { ...p, target: { ...p.target, connector: 'kafka' } };
    expect(checkRunnable(kafkaSink, BUILTIN_CONNECTORS)).toEqual([]);
    const notYet = new Map(BUILTIN_CONNECTORS).set('kafka', { ...KAFKA, notYet: { sink: 'write to ORACLE, POSTGRES or CONSOLE' } });
    const [gap] = checkRunnable(kafkaSink, notYet);
    expect(gap).toMatchObject({ code: 'K4014', message: 'INTO KAFKA cannot run yet: write to ORACLE, POSTGRES or CONSOLE.' });
    expect(text.slice(gap!.span.offset, gap!.span.offset + gap!.span.length)).toBe('CONSOLE');
  });

  it('a dead-letter route follows the sink: the same route is refused beside another database', () => {
    const p = physical('SELECT a FROM KAFKA x INTO POSTGRES t DEAD LETTERS INTO POSTGRES dlq;');
    expect(checkRunnable(p, BUILTIN_CONNECTORS)).toEqual([]);
    expect(checkRunnable({ ...p, target: { ...p.target, connector: 'oracle' } }, BUILTIN_CONNECTORS).map((d) => d.message)).toEqual([
      expect.stringMatching(/^DEAD LETTERS INTO POSTGRES with INTO ORACLE cannot run yet: /),
    ]);
  });

  it('beside INTO KAFKA, dead letters go to a topic of the same cluster: a table route is refused, naming the topic to write', () => {
    const p = physical('SELECT a FROM KAFKA x INTO KAFKA y DEAD LETTERS INTO KAFKA dlq;');
    expect(checkRunnable(p, BUILTIN_CONNECTORS)).toEqual([]);
    const route = { ...p.routes.deadLetters!, connector: 'postgres' };
    expect(checkRunnable({ ...p, routes: { deadLetters: route } }, BUILTIN_CONNECTORS).map((d) => d.message)).toEqual([
      "DEAD LETTERS INTO POSTGRES with INTO KAFKA cannot run yet: dead letters commit in the same transaction as the batch's rows and offsets, " +
        'which only a topic of the same Kafka cluster can join; write DEAD LETTERS INTO KAFKA topic, or drop the route and they go to the topic k2o_dead_letters.',
    ]);
  });

  it('FAILED ROWS and LATE ROWS run into the sink database or cluster; in an aggregate query too; another database, a topic beside a table (or the reverse) or a console sink is refused with the reason', () => {
    const failed = physical('SELECT a FROM KAFKA x QUALITY (a IS NOT NULL AS has_a) INTO POSTGRES t FAILED ROWS INTO POSTGRES bad;');
    expect(checkRunnable(failed, BUILTIN_CONNECTORS)).toEqual([]);
    const late = physical("SELECT window(ts, '1 minute'), count(*) AS n FROM KAFKA x INTO POSTGRES t LATE ROWS INTO POSTGRES late_x;");
    expect(checkRunnable(late, BUILTIN_CONNECTORS)).toEqual([]);
    const messages = (text: string) => compile(text).queries[0]!.runtimeGaps.map((d) => d.message);
    expect(messages('SELECT a FROM KAFKA x QUALITY (a IS NOT NULL AS has_a) INTO POSTGRES t FAILED ROWS INTO ORACLE bad;')).toEqual([
      "FAILED ROWS INTO ORACLE with INTO POSTGRES cannot run yet: the route's rows commit in the same transaction as the batch's rows and offsets, " +
        'which only a table in the same PostgreSQL database can join; write FAILED ROWS INTO POSTGRES table, or drop the route ' +
        '(the quality_<rule> columns still mark failing rows).',
    ]);
    expect(messages("SELECT window(ts, '1 minute'), count(*) AS n FROM KAFKA x INTO CONSOLE LATE ROWS INTO CONSOLE;")).toEqual([
      'LATE ROWS INTO CONSOLE with INTO CONSOLE cannot run yet: a CONSOLE query has no transaction for a route to join; drop the route (late rows are logged and counted).',
    ]);
    expect(messages('SELECT a FROM KAFKA x QUALITY (a IS NOT NULL AS has_a) INTO KAFKA t FAILED ROWS INTO KAFKA bad;')).toEqual([]);
    expect(messages("SELECT window(ts, '1 minute'), count(*) AS n FROM KAFKA x INTO KAFKA t LATE ROWS INTO KAFKA late_x;")).toEqual([]);
    expect(messages('SELECT a FROM KAFKA x QUALITY (a IS NOT NULL AS has_a) INTO KAFKA t FAILED ROWS INTO POSTGRES bad;')).toEqual([
      "FAILED ROWS INTO POSTGRES with INTO KAFKA cannot run yet: the route's rows commit in the same transaction as the batch's rows and offsets, " +
        'which only a topic of the same Kafka cluster can join; write FAILED ROWS INTO KAFKA topic, or drop the route ' +
        '(the quality_<rule> columns still mark failing rows).',
    ]);
    expect(messages("SELECT window(ts, '1 minute'), count(*) AS n FROM KAFKA x INTO POSTGRES t LATE ROWS INTO KAFKA late_x;")).toEqual([
      "LATE ROWS INTO KAFKA with INTO POSTGRES cannot run yet: the route's rows commit in the same transaction as the batch's rows and offsets, " +
        'which only a table in the same PostgreSQL database can join; write LATE ROWS INTO POSTGRES table, or drop the route ' +
        '(late rows are logged and counted).',
    ]);
    // An aggregate query's failing rows leave at the quality check, before they become groups.
    expect(
      messages(
        'SELECT a, count(*) AS n FROM KAFKA x QUALITY (a IS NOT NULL AS has_a) GROUP BY a INTO POSTGRES t FAILED ROWS INTO POSTGRES bad;',
      ),
    ).toEqual([]);
  });
});
