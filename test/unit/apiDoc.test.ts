import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it, vi } from 'vitest';

/** The example in docs/api.md is code users copy: it must compile and do what it says. */
describe('docs/api.md', () => {
  it('its example runs against the public API, printing plans and no runtime gaps', async () => {
    const doc = readFileSync('docs/api.md', 'utf8');
    const example = /```ts\n([\s\S]*?)```/.exec(doc)?.[1];
    expect(example).toBeDefined();
    const dir = mkdtempSync(join(tmpdir(), 'k2o-api-'));
    const file = join(dir, 'example.ts');
    writeFileSync(file, example!.replace(/from 'k2o'/g, `from '${resolve('src/index.ts')}'`));
    const logs: unknown[] = [];
    const errors: unknown[] = [];
    vi.spyOn(console, 'log').mockImplementation((x: unknown) => void logs.push(x));
    vi.spyOn(console, 'error').mockImplementation((x: unknown) => void errors.push(x));
    try {
      await import(file);
    } finally {
      vi.restoreAllMocks();
    }
    expect(errors).toEqual([]);
    expect(String(logs[0])).toContain('KafkaScan: orders topic=orders.v2');
    expect(String(logs[0])).toContain('TumblingWindowAggregateExec');
    expect(logs[1]).toEqual([]);
  });
});
