import { s13Query, s1Query, s2Query, s5Query, s6Query, s7Query, s8Query, s9Query } from './queries.js';
import { compileScenario } from './scenarios/compileScenario.js';
import { copyScenario } from './scenarios/copyScenario.js';
import { decodeLimits } from './scenarios/decodeLimits.js';
import { kafkaLimits } from './scenarios/kafkaLimits.js';
import { operatorPathLimit } from './scenarios/operatorPathLimit.js';
import { queryScenario, type QuerySpec } from './scenarios/queryScenario.js';
import { sinkLimits } from './scenarios/sinkLimits.js';
import { startupScenario } from './scenarios/startupScenario.js';
import { stateScenario } from './scenarios/stateScenario.js';
import { steadyScenario } from './scenarios/steadyScenario.js';
import type { Scenario } from './Scenario.js';

const S1: QuerySpec = { id: 'S1', title: 'filter+project → PostgreSQL, APPEND', table: 'bench_s1', query: s1Query };
const S2: QuerySpec = { id: 'S2', title: 'tumbling 5 min, 1,000 keys, APPEND', table: 'bench_s2', query: s2Query };

/**
 * Everything a run measures, in order: limits first (the query scenarios read
 * their figures for the ceiling), then the scenarios. A new capability brings
 * its own line here.
 */
export const SCENARIOS: readonly Scenario[] = [
  ...kafkaLimits,
  ...sinkLimits,
  ...decodeLimits,
  operatorPathLimit,
  queryScenario(S1),
  queryScenario({ ...S1, id: 'S1i', title: 'S1 with the PostgreSQL sink by INSERT (before COPY)', table: 'bench_s1i', insertOnly: true }),
  queryScenario({ ...S1, id: 'S1p', title: 'S1 reading with @platformatic/kafka', kafkaClient: 'platformatic' }),
  queryScenario(S2),
  queryScenario({ ...S2, id: 'S2p', title: 'S2 reading with @platformatic/kafka', kafkaClient: 'platformatic', quick: false }),
  // One per capability, each with its ceiling and ratio, so that every later change shows its cost.
  queryScenario({ id: 'S5', title: 'sliding 10/5 min, 1,000 keys, APPEND', table: 'bench_s5', query: s5Query, quick: false }),
  queryScenario({ id: 'S6', title: 'session 2 min, 1,000 keys, APPEND', table: 'bench_s6', query: s6Query, quick: false }),
  queryScenario({ id: 'S7', title: 'running totals, MODE UPDATE', table: 'bench_s7', query: s7Query, quick: false }),
  queryScenario({ id: 'S8', title: 'DEDUPLICATE within 10 min', table: 'bench_s8', query: s8Query, quick: false }),
  queryScenario({ id: 'S9', title: 'S1 INTO KAFKA, exactly once', table: 'bench_s9', query: s9Query, quick: false }),
  queryScenario({ id: 'S13', title: 'S1 INTO ORACLE', table: 'bench_s13', query: s13Query, quick: false, oracle: true }),
  stateScenario,
  copyScenario,
  compileScenario,
  startupScenario,
  steadyScenario({ ...S1, id: 'S1s', title: 'S1 at a steady 50% load', table: 'bench_s1_steady', baseId: 'S1' }),
  steadyScenario({
    ...S2,
    id: 'S2s',
    title: 'S2 at a steady 50% load',
    table: 'bench_s2_steady',
    baseId: 'S2',
    quick: false,
    latencyNote: 'latency = record committed into window state (windows close minutes later)',
  }),
];
