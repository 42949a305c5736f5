import { describe, expect, it } from 'vitest';
import { resolveRouteTopics } from '../../src/connectors/kafka/routeTopics.js';
import type { Schema } from '../../src/core/Schema.js';
import { BIGINT, DOUBLE, STRING, TIMESTAMP } from '../../src/core/SqlType.js';
import type { SinkSpec } from '../../src/runtime/ports/Sink.js';

const col = (name: string, type = STRING) => ({ name, type, nullable: true });
const output: Schema = [col('window_start', TIMESTAMP), col('window_end', TIMESTAMP), col('sensor'), col('n', BIGINT)];
const late: Schema = [col('sensor'), col('reading', DOUBLE), col('ts', TIMESTAMP), col('watermark', TIMESTAMP), ...output.slice(0, 2)];
const spec = (key: string[], routes: SinkSpec['routes']): SinkSpec => ({
  table: 'minutes',
  schema: output,
  mode: 'append',
  key,
  queryId: 'minutes',
  watermarkColumn: 'ts',
  routes,
});
const t = (iso: string) => Date.parse(iso);

/** How a Kafka route's rows become records: the target's encoding, its key where the row holds it, the row's event time. */
describe('resolveRouteTopics', () => {
  it("a late row is keyed like the window it missed when it holds the target's KEY columns, and stamped with its own event time", () => {
    const row = ['s2', 7.5, t('2024-01-01T00:08:59Z'), t('2024-01-01T00:09:50Z'), t('2024-01-01T00:08:00Z'), t('2024-01-01T00:09:00Z')];
    const byWindow = resolveRouteTopics(spec(['window_start'], { late: { table: 'late', schema: late } }), 'dlq').get('late')!;
    expect(byWindow.topic).toBe('late');
    expect(byWindow.encode(row)).toEqual({
      key: '2024-01-01T00:08:00.000Z',
      timestamp: String(t('2024-01-01T00:08:59Z')),
      value:
        '{"sensor":"s2","reading":7.5,"ts":"2024-01-01T00:08:59.000Z","watermark":"2024-01-01T00:09:50.000Z",' +
        '"window_start":"2024-01-01T00:08:00.000Z","window_end":"2024-01-01T00:09:00.000Z"}',
    });
    expect(
      resolveRouteTopics(spec(['sensor', 'window_start'], { late: { table: 'late', schema: late } }), 'dlq')
        .get('late')!
        .encode(row).key,
    ).toBe('{"sensor":"s2","window_start":"2024-01-01T00:08:00.000Z"}');
  });

  it('a key column the route rows lack gives its records no key', () => {
    const keyed = resolveRouteTopics(spec(['n'], { late: { table: 'late', schema: late } }), 'dlq').get('late')!;
    expect(keyed.encode(['s1', 1, 0, 0, 0, 60_000]).key).toBeNull();
  });

  it('a route may not name the target, the dead-letter topic or the other route', () => {
    const failed = { table: 'x', schema: [...output, col('failed_rules')] };
    expect(() => resolveRouteTopics(spec([], { failed: { ...failed, table: 'minutes' } }), 'dlq')).toThrow(
      `FAILED ROWS INTO names the query's own topic "minutes"; give the route a topic of its own`,
    );
    expect(() => resolveRouteTopics(spec([], { late: { table: 'dlq', schema: late } }), 'dlq')).toThrow(
      `LATE ROWS INTO names its dead-letter topic "dlq"; give the route a topic of its own`,
    );
    expect(() => resolveRouteTopics(spec([], { failed, late: { table: 'x', schema: late } }), 'dlq')).toThrow(
      `LATE ROWS INTO names the FAILED ROWS INTO topic "x"; give the route a topic of its own`,
    );
  });
});
