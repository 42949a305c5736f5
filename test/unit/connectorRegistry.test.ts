import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { keywordNames } from '../../grammar/tokens.js';
import { CONNECTORS } from '../../src/connectors/registry.js';

/** The registry is the one list of connectors: what each line promises, the folder must keep. */
describe('the connector registry', () => {
  const descriptors = CONNECTORS.map((c) => c.descriptor);

  it('lists oracle, postgres, kafka and console, each name once', () => {
    expect(descriptors.map((d) => d.name)).toEqual(['oracle', 'postgres', 'kafka', 'console']);
  });

  it('names connectors as the grammar reads them: lower-case identifiers, only a target-less one being a keyword (CONSOLE)', () => {
    for (const d of descriptors) {
      expect(d.name).toMatch(/^[a-z_][a-z0-9_]*$/);
      // The grammar reads a name after INTO as a connector followed by its target; only a keyword stands alone.
      expect(keywordNames.includes(d.name.toUpperCase()), d.name).toBe(d.target === 'none');
    }
  });

  it('gives every role that runs an implementation, and a connection setting to what needs one', async () => {
    for (const { descriptor: d, load } of CONNECTORS) {
      const module = await load();
      expect(module.createSink !== undefined, `${d.name} sink`).toBe(d.roles.includes('sink') && d.notYet?.sink === undefined);
      expect(module.createStreamSource !== undefined, `${d.name} stream source`).toBe(
        d.roles.includes('streamSource') && d.notYet?.streamSource === undefined,
      );
      expect(module.createTableSource !== undefined, `${d.name} table source`).toBe(
        d.roles.includes('tableSource') && d.notYet?.tableSource === undefined,
      );
      // A batch query into a table of the connector is a copy into it.
      expect(module.createCopyTarget !== undefined, `${d.name} copy target`).toBe(d.target === 'table' && module.createSink !== undefined);
      // Kafka's brokers are a setting of their own (kafka.brokers, K2O_KAFKA_BROKERS), not a URL.
      if (d.transactional && d.target === 'table') expect(d.connection, d.name).toBeDefined();
    }
  });

  it('imports only descriptors until a query runs, so `k2o check` loads no driver', () => {
    const text = readFileSync(resolve(import.meta.dirname, '../../src/connectors/registry.ts'), 'utf8');
    const eager = [...text.matchAll(/^import (?!type )[^;]*from '([^']+)'/gm)].map((m) => m[1]!);
    for (const path of eager) expect(path, path).toMatch(/^\.\/\w+\/descriptor\.js$|^\.\.\/core\//);
    expect(text.match(/import\('\.\/\w+\/connector\.js'\)/g)).toHaveLength(CONNECTORS.length);
  });
});
