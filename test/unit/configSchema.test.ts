import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONFIG_SCHEMA, CONFIG_SCHEMA_PATH } from '../../src/config/configSchema.js';
import { loadConfig } from '../../src/config/K2oConfig.js';
import { validateJson } from '../../src/config/validateJson.js';
import { BUILTIN_DESCRIPTORS } from '../../src/connectors/registry.js';
import { expectGolden } from '../helpers/golden.js';

const check = (value: unknown) => validateJson(value, CONFIG_SCHEMA);

function configFile(value: unknown): string {
  const path = join(mkdtempSync(join(tmpdir(), 'k2o-config-')), 'k2o.config.json');
  writeFileSync(path, JSON.stringify(value));
  return path;
}

describe('the config schema', () => {
  it('is published as written, for editors ("$schema" in k2o.config.json; UPDATE_GOLDEN=1 rewrites the copy)', () => {
    expectGolden(CONFIG_SCHEMA_PATH, JSON.stringify(CONFIG_SCHEMA, null, 2));
  });

  it('has a section for each connector’s connection, with its URL’s form', () => {
    const connections = BUILTIN_DESCRIPTORS.flatMap((d) => (d.connection ? [d.connection] : []));
    const sections = Object.keys(CONFIG_SCHEMA.properties!).filter((k) => k !== 'kafka' && k !== 'retry' && k !== '$schema');
    expect(sections.sort()).toEqual(connections.map((c) => c.key).sort());
    for (const c of connections) expect(CONFIG_SCHEMA.properties![c.key]!.properties!['url']!.examples).toEqual([c.example]);
  });

  it('accepts every shape README shows', () => {
    expect(check({})).toEqual([]);
    expect(
      check({
        $schema: './node_modules/k2o/schema/k2o.config.schema.json',
        kafka: { brokers: ['a:1', 'b:2'] },
        postgres: { url: 'postgres://x' },
        oracle: { url: 'oracle://y' },
      }),
    ).toEqual([]);
    expect(check({ kafka: { brokers: 'a:1,b:2' } })).toEqual([]);
  });

  it('an unknown key is an error naming it, with the nearest known key', () => {
    expect(check({ postgress: { url: 'x' } })).toEqual(['unknown key "postgress" (did you mean "postgres"?)']);
    expect(check({ kafka: { broker: 'x' } })).toEqual(['unknown key "kafka.broker" (did you mean "kafka.brokers"?)']);
    expect(check({ postgres: { url: 'x', password: 'y' } })).toEqual(['unknown key "postgres.password"; known keys: url']);
    expect(check({ zzzzzzzz: {} })).toEqual(['unknown key "zzzzzzzz"; known keys: $schema, kafka, retry, postgres, oracle']);
  });

  it('a value of the wrong kind is an error naming the setting, never echoing the value', () => {
    expect(check([])).toEqual(['the file must be an object']);
    expect(check({ oracle: 'oracle://u:secret@h/s' })).toEqual(['"oracle" must be an object']);
    expect(check({ postgres: { url: 5 } })).toEqual(['"postgres.url" must be a string']);
    expect(check({ kafka: { brokers: 5 } })).toEqual(['"kafka.brokers" must be a string or an array of strings']);
    expect(check({ kafka: { brokers: ['a:1', 2] } })).toEqual(['"kafka.brokers" must be a string or an array of strings']);
  });

  it('loadConfig refuses a file the schema refuses, saying every problem and the file', () => {
    const path = configFile({ kafka: { brokers: 'a:1' }, postgress: { url: 'postgres://k2o:secret@h/db' }, oracle: { url: 1 } });
    expect(() => loadConfig({}, path)).toThrow(
      `config file ${path}: unknown key "postgress" (did you mean "postgres"?); "oracle.url" must be a string`,
    );
    try {
      loadConfig({}, path);
    } catch (e) {
      expect((e as Error).message).not.toContain('secret');
    }
  });

  it('loadConfig reads a file that points at the schema', () => {
    const path = configFile({
      $schema: `./node_modules/k2o/${CONFIG_SCHEMA_PATH}`,
      kafka: { brokers: ['a:1'] },
      postgres: { url: 'postgres://h/db' },
    });
    expect(loadConfig({}, path)).toEqual({ kafkaBrokers: ['a:1'], urls: { postgres: 'postgres://h/db' } });
  });

  it('loadConfig reads the retry policy over the defaults, and refuses a wait that is not a whole positive number', () => {
    expect(loadConfig({}, configFile({ retry: { giveUpAfterMs: 600_000 } })).retry).toEqual({
      firstDelayMs: 500,
      maxDelayMs: 30_000,
      giveUpAfterMs: 600_000,
    });
    expect(loadConfig({}, configFile({ retry: { maxDelayMs: 5000 } })).retry).toEqual({ firstDelayMs: 500, maxDelayMs: 5000 });
    expect(check({ retry: { maxDelayMs: 0 } })).toEqual(['"retry.maxDelayMs" must be at least 1']);
    expect(check({ retry: { maxDelayMs: 1.5 } })).toEqual(['"retry.maxDelayMs" must be a whole number']);
    expect(check({ retry: { attempts: 3 } })[0]).toContain('unknown key "retry.attempts"');
  });
});
