import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { createKafka } from '../../src/connectors/kafka/kafkaClient.js';
import { produceJson } from '../../src/connectors/kafka/produceJson.js';
import { ensureTopic } from '../../src/connectors/kafka/topics.js';
import { CLI, ksqlFile, runCli } from '../helpers/cli.js';
import { uniqueName } from '../helpers/kafka.js';
import { eventually } from '../helpers/monitoring.js';

const brokers = (process.env['K2O_KAFKA_BROKERS'] ?? '127.0.0.1:19092').split(',');
const postgres = process.env['K2O_POSTGRES_URL'] ?? 'postgres://k2o@127.0.0.1:55432/k2o';
const TMUX = '/usr/bin/tmux';

async function topicWith(n: number, malformed = 0): Promise<string> {
  const kafka = createKafka(brokers, 'k2o-test-progress');
  const topic = uniqueName('progress').replace(/-/g, '_');
  await ensureTopic(kafka, topic, 1);
  await produceJson(kafka, topic, [
    ...Array.from({ length: n }, (_, i) => ({ value: { id: i, ts: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString() } })),
    ...Array.from({ length: malformed }, () => ({ value: Buffer.from('{not json') })),
  ]);
  return topic;
}

const stream = (topic: string) =>
  `CREATE STREAM s (id BIGINT, ts TIMESTAMP, WATERMARK FOR ts AS ts - INTERVAL '5' SECOND) WITH (topic = '${topic}');\n`;

describe('k2o run: progress on a terminal and in JSON logs', () => {
  it.skipIf(!existsTmux())(
    'keeps a live status line per query under a pseudo-terminal (skipped when /usr/bin/tmux is missing)',
    async () => {
      const topic = await topicWith(50);
      const file = ksqlFile(`${stream(topic)}SELECT id FROM KAFKA s INTO POSTGRES ${topic} WITH (name = '${topic}');\n`);
      const socket = `k2o-test-${process.pid}`;
      const tmux = (...args: string[]) => execFileSync(TMUX, ['-L', socket, ...args], { encoding: 'utf8' });
      const command = `K2O_KAFKA_BROKERS=${brokers.join(',')} K2O_POSTGRES_URL=${postgres} ${process.execPath} ${CLI} run ${file}; sleep 30`;
      tmux('new-session', '-d', '-x', '220', '-y', '40', command);
      try {
        const screen = await eventually('the status line with 50 records', async () => {
          const text = tmux('capture-pane', '-p');
          return text.includes(`${topic} RUNNING | in`) && text.includes('(50 in, 50 out)') ? text : undefined;
        });
        const status = screen.split('\n').filter((l) => l.startsWith(`${topic} RUNNING`));
        // Redrawn in place: one status line, whatever was logged above it.
        expect(status).toHaveLength(1);
        expect(status[0]).toMatch(/\| batch [\d,]+ ms \| watermark 2026-01-01T00:00:44\.000Z \| lag \S+ \| 0 dead letters \| 0 late rows$/);
        expect(screen).toContain(`query ${topic}: started`);
      } finally {
        tmux('kill-server');
      }
    },
    90_000,
  );

  it('--log-format json writes one JSON object a line, with the query, the event and its figures, secrets redacted', async () => {
    const topic = await topicWith(30, 1);
    const file = ksqlFile(`${stream(topic)}SELECT id FROM KAFKA s INTO POSTGRES ${topic} AVAILABLE NOW WITH (name = '${topic}');\n`);
    const withPassword = new URL(postgres);
    withPassword.password = 'not-to-be-seen';
    const run = await runCli(['run', '--log-format', 'json', file], { env: { K2O_POSTGRES_URL: withPassword.toString() } });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).not.toContain('not-to-be-seen');
    const lines = run.stderr.trimEnd().split('\n');
    const entries = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    for (const e of entries) {
      expect(e).toMatchObject({ level: expect.stringMatching(/^(info|warn|error)$/), msg: expect.any(String), name: 'k2o' });
      expect(new Date(e['time'] as string).toISOString()).toBe(e['time']);
    }
    expect(entries.find((e) => e['event'] === 'started')).toMatchObject({ level: 'info', query: topic });
    expect(entries.find((e) => e['event'] === 'stopped')).toMatchObject({
      level: 'info',
      query: topic,
      recordsIn: 31,
      rowsOut: 30,
      deadLetters: 1,
      lateRows: 0,
    });
    expect(entries.find((e) => String(e['msg']).startsWith('connecting to Kafka'))!['msg']).toContain(':***@');
    expect(entries.some((e) => e['level'] === 'warn' && String(e['msg']).includes(`skipped record ${topic}[0]@30`))).toBe(true);
  }, 90_000);

  it('--quiet prints no progress and no info lines, and a periodic line is logged while idle otherwise', async () => {
    const topic = await topicWith(5);
    const file = ksqlFile(`${stream(topic)}SELECT id FROM KAFKA s INTO POSTGRES ${topic} WITH (name = '${topic}');\n`);
    let stopped = false;
    const stopWhen = (seen: (text: string) => boolean) => (text: string, child: { kill: (s: NodeJS.Signals) => boolean }) => {
      if (!stopped && seen(text)) {
        stopped = true;
        child.kill('SIGTERM');
      }
    };
    const periodic = await runCli(['run', '--progress-every', '0.5', file], {
      onStderr: stopWhen((t) => (t.match(/\(5 in, 5 out\)/g) ?? []).length >= 3),
    });
    expect(periodic.code, periodic.stderr).toBe(0);
    // Three lines after the only batch: the query is idle, and still says so.
    expect(periodic.stderr).toMatch(new RegExp(`INFO query ${topic} RUNNING \\| in 0/s out 0/s \\(5 in, 5 out\\)`));
    const bounded = ksqlFile(`${stream(topic)}SELECT id FROM KAFKA s INTO POSTGRES ${topic}_q AVAILABLE NOW WITH (name = '${topic}_q');\n`);
    const quiet = await runCli(['run', '--quiet', '--progress-every', '0.5', bounded]);
    expect(quiet.code, quiet.stderr).toBe(0);
    expect(quiet.stderr).not.toContain('INFO');
    expect(quiet.stderr).not.toContain('RUNNING |');
  }, 90_000);
});

function existsTmux(): boolean {
  try {
    execFileSync(TMUX, ['-V']);
    return true;
  } catch {
    return false;
  }
}
