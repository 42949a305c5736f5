import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { compile, runtimeGaps } from '../../src/compile.js';
import { STRING } from '../../src/core/SqlType.js';
import { ConsoleSink } from '../../src/connectors/console/ConsoleSink.js';
import { ConfigError } from '../../src/connectors/ConfigError.js';
import { createSink } from '../../src/connectors/createConnectors.js';
import {
  BASE64_MARKER,
  deadLetterRow,
  MAX_REASON_LENGTH,
  recordBytes,
  recordText,
  storableReason,
} from '../../src/runtime/ports/deadLetterRow.js';

function capture(): { out: PassThrough; text: () => string } {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  return { out, text: () => Buffer.concat(chunks).toString('utf8') };
}

describe('dead-letter key and value text', () => {
  it('keeps valid UTF-8 as its text and round-trips it', () => {
    for (const s of ['{"order_id": "broken', 'Zürich 🚀', '', 'base64 is fine here']) {
      const bytes = Buffer.from(s, 'utf8');
      expect(recordText(bytes)).toBe(s);
      expect(recordBytes(recordText(bytes))).toEqual(bytes);
    }
    expect(recordText(null)).toBeNull();
    expect(recordBytes(null)).toBeNull();
  });

  it('stores invalid UTF-8, NUL bytes and text that starts with the marker as base64, exactly', () => {
    const cases = [
      Buffer.from([0xff, 0xfe, 0x7b, 0x22]), // not UTF-8
      Buffer.from([0xc3]), // a cut multi-byte sequence
      Buffer.from('a\u0000b', 'utf8'), // PostgreSQL text cannot hold U+0000
      Buffer.from(`${BASE64_MARKER}AAAA`, 'utf8'), // would read back as other bytes
    ];
    for (const bytes of cases) {
      const text = recordText(bytes)!;
      expect(text.startsWith(BASE64_MARKER)).toBe(true);
      expect(text).toBe(BASE64_MARKER + bytes.toString('base64'));
      expect(recordBytes(text)).toEqual(bytes);
    }
  });

  it('spells out NUL in reasons and cuts long ones without splitting a surrogate pair', () => {
    expect(storableReason("Unexpected token '\u0000'")).toBe("Unexpected token '\\u0000'");
    const long = storableReason(`field 'x': expected DOUBLE, found "${'🚀'.repeat(2000)}"`);
    expect(long.length).toBeLessThanOrEqual(MAX_REASON_LENGTH);
    expect(long.endsWith('…')).toBe(true);
    expect(Buffer.byteLength(long)).toBeLessThanOrEqual(3000);
    expect(Buffer.from(long, 'utf8').toString('utf8')).toBe(long); // no lone surrogate
  });

  it('builds the row from the record: its own offset, timestamp, key and value', () => {
    const record = {
      topic: 'orders',
      partition: 2,
      offset: '41',
      timestamp: 1704067200123,
      key: Buffer.from('k'),
      value: Buffer.from([0xff]),
    };
    expect(deadLetterRow(record, 'not valid JSON')).toEqual({
      topic: 'orders',
      partition: 2,
      offset: '41',
      timestamp: 1704067200123,
      key: 'k',
      value: `${BASE64_MARKER}/w==`,
      reason: 'not valid JSON',
    });
  });
});

describe('ConsoleSink dead letters', () => {
  it('prints each dead letter to stderr as one JSON line, never to stdout', async () => {
    const out = capture();
    const err = capture();
    const sink = new ConsoleSink([{ name: 'v', type: STRING, nullable: true }], out.out, err.out);
    const dl = { topic: 't', partition: 0, offset: '3', timestamp: 0, key: null, value: '{oops', reason: 'not valid JSON' };
    await sink.writeBatch([], [{ topic: 't', partition: 0, offset: '4' }], undefined, [dl]);
    expect(out.text()).toBe('');
    expect(err.text()).toBe(`dead letter ${JSON.stringify(dl)}\n`);
    expect(await sink.readOffsets()).toEqual([{ topic: 't', partition: 0, offset: '4' }]);
  });
});

describe('DEAD LETTERS INTO at run time', () => {
  const gaps = (text: string) => {
    const r = compile(`CREATE STREAM s (v STRING NOT NULL);\n${text}`);
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    return r.queries.flatMap(runtimeGaps).map((d) => d.message);
  };

  it('runs into a table of the sink database', () => {
    expect(gaps('SELECT v FROM KAFKA s INTO POSTGRES t DEAD LETTERS INTO POSTGRES my_dlq;')).toEqual([]);
    expect(gaps('SELECT v FROM KAFKA s INTO ORACLE t DEAD LETTERS INTO ORACLE my_dlq;')).toEqual([]);
    expect(gaps('SELECT v FROM KAFKA s INTO CONSOLE DEAD LETTERS INTO CONSOLE;')).toEqual([]);
  });

  it('refuses another database, KAFKA or the console beside a table: they could not commit with the batch', () => {
    const [kafka] = gaps('SELECT v FROM KAFKA s INTO POSTGRES t DEAD LETTERS INTO KAFKA dlq;');
    expect(kafka).toMatch(/^DEAD LETTERS INTO KAFKA with INTO POSTGRES cannot run yet: dead letters commit in the same transaction/);
    expect(kafka).toContain('DEAD LETTERS INTO POSTGRES table');
    expect(kafka).toContain('k2o_dead_letters');
    const [oracle] = gaps('SELECT v FROM KAFKA s INTO POSTGRES t DEAD LETTERS INTO ORACLE dlq;');
    expect(oracle).toMatch(/^DEAD LETTERS INTO ORACLE with INTO POSTGRES cannot run yet/);
    const [console] = gaps('SELECT v FROM KAFKA s INTO ORACLE t DEAD LETTERS INTO CONSOLE;');
    expect(console).toMatch(/^DEAD LETTERS INTO CONSOLE with INTO ORACLE cannot run yet: .*K2O_DEAD_LETTERS/);
  });

  it('passes the route table to the sink, and refuses another database there too', async () => {
    const one = (text: string) => compile(`CREATE STREAM s (v STRING NOT NULL);\n${text}`).queries[0];
    const q = one('SELECT v FROM KAFKA s INTO POSTGRES t DEAD LETTERS INTO KAFKA dlq;');
    await expect(createSink(q!.physical, { kafkaBrokers: [], urls: { postgres: 'postgres://x@127.0.0.1:1/x' } })).rejects.toThrow(
      ConfigError,
    );
    const ok = one('SELECT v FROM KAFKA s INTO POSTGRES t DEAD LETTERS INTO POSTGRES My_DLQ;');
    const sink = await createSink(ok!.physical, { kafkaBrokers: [], urls: { postgres: 'postgres://x@127.0.0.1:1/x' } });
    expect((sink as unknown as { table: { deadLetters: unknown } }).table.deadLetters).toEqual({ schema: undefined, name: 'my_dlq' });
    await sink.close();
  });
});
