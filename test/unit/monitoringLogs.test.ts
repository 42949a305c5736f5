import { Writable } from 'node:stream';
import { logLevel } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { kafkaLogCreator } from '../../src/connectors/kafka/kafkaLogger.js';
import { jsonLogger } from '../../src/runtime/jsonLogger.js';
import type { Logger, LogFields } from '../../src/runtime/Logger.js';
import { redactSecrets } from '../../src/runtime/redactSecrets.js';

function captured(): { stream: Writable; lines: () => Record<string, unknown>[] } {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      text += chunk.toString();
      done();
    },
  });
  return {
    stream,
    lines: () =>
      text
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

describe('the JSON logger', () => {
  it('writes level, ISO time, message and fields, and redacts secrets in fields and messages', () => {
    const out = captured();
    const log = jsonLogger(out.stream);
    log.info('connecting to postgres://k2o:hunter2@db:5432/k2o', {
      query: 'q1',
      event: 'connecting',
      url: 'postgres://k2o:hunter2@db/k2o',
    });
    log.warn('oracle login scott/tiger@db failed', { password: 'hunter2' });
    const [first, second] = out.lines();
    expect(first).toMatchObject({
      level: 'info',
      name: 'k2o',
      query: 'q1',
      event: 'connecting',
      msg: 'connecting to postgres://k2o:***@db:5432/k2o',
      url: 'postgres://k2o:***@db/k2o',
    });
    expect(new Date(first!['time'] as string).toISOString()).toBe(first!['time']);
    expect(second).toMatchObject({ level: 'warn', msg: 'oracle login scott/***@db failed', password: '***' });
    expect(JSON.stringify(out.lines())).not.toMatch(/hunter2|tiger/);
  });

  it('redacts passwords given as key=value too', () => {
    expect(redactSecrets('host=db password=s3cret user=k2o')).toBe('host=db password=*** user=k2o');
  });
});

describe("the Kafka client's lines", () => {
  const recording = () => {
    const seen: { level: string; message: string; fields?: LogFields }[] = [];
    const at =
      (level: string) =>
      (message: string, fields?: LogFields): void =>
        void seen.push({ level, message, ...(fields && { fields }) });
    const log: Logger = { info: at('info'), warn: at('warn'), error: at('error') };
    return { log, seen };
  };

  it('go through k2o’s logger at a mapped level, once per message within the repeat window', () => {
    const { log, seen } = recording();
    const write = kafkaLogCreator(log)(logLevel.WARN);
    const entry = (level: logLevel, message: string) =>
      write({ namespace: 'Connection', level, label: '', log: { timestamp: '', message, broker: '127.0.0.1:1', error: 'ECONNREFUSED' } });
    entry(logLevel.ERROR, 'Connection error');
    entry(logLevel.ERROR, 'Connection error');
    entry(logLevel.WARN, 'slow broker');
    entry(logLevel.INFO, 'joined');
    expect(seen).toEqual([
      {
        level: 'error',
        message: 'kafka client Connection: Connection error: ECONNREFUSED',
        fields: { event: 'kafka_client', namespace: 'Connection', broker: '127.0.0.1:1' },
      },
      {
        level: 'warn',
        message: 'kafka client Connection: slow broker: ECONNREFUSED',
        fields: { event: 'kafka_client', namespace: 'Connection', broker: '127.0.0.1:1' },
      },
    ]);
  });
});
