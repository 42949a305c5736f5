import type { ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createKafka } from '../../src/connectors/kafka/kafkaClient.js';
import { produceJson } from '../../src/connectors/kafka/produceJson.js';
import { ensureTopic } from '../../src/connectors/kafka/topics.js';
import { ksqlFile, runCli, type CliRun } from '../helpers/cli.js';
import { uniqueName } from '../helpers/kafka.js';
import { eventually, monitoringPort } from '../helpers/monitoring.js';

const CHROMIUM = '/usr/bin/chromium';
const OUTPUT = 'test/output/webConsole';
const brokers = (process.env['K2O_KAFKA_BROKERS'] ?? '127.0.0.1:19092').split(',');

/** A browser that fetches nothing on its own, with a profile of its own. */
async function launch(profile: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

const figure = (page: Page, query: string, name: string) => page.locator(`[data-query="${query}"] [data-figure="${name}"] b`).innerText();

describe('the web console in headless Chromium', () => {
  it.skipIf(!existsSync(CHROMIUM))(
    `shows both queries of a run and their figures changing (skipped when ${CHROMIUM} is missing: scripts/browser.sh installs it)`,
    async () => {
      const kafka = createKafka(brokers, 'k2o-test-console');
      const topic = uniqueName('console').replace(/-/g, '_');
      await ensureTopic(kafka, topic, 2);
      const wave = (from: number, n: number) =>
        produceJson(
          kafka,
          topic,
          Array.from({ length: n }, (_, i) => ({
            key: `k${from + i}`,
            value: { id: from + i, amount: (from + i) % 50, ts: new Date(Date.UTC(2026, 0, 1, 0, 0, from + i)).toISOString() },
          })),
        );
      const orders = `${topic}_orders`;
      const totals = `${topic}_per_minute`;
      const file = ksqlFile(
        `CREATE STREAM orders (id BIGINT, amount BIGINT, ts TIMESTAMP, WATERMARK FOR ts AS ts - INTERVAL '10' SECOND) WITH (topic = '${topic}');\n` +
          `SELECT id, amount FROM KAFKA orders WHERE amount > 5 INTO POSTGRES ${orders} WITH (name = '${orders}');\n` +
          `SELECT window(ts, '1 minute'), count(*) AS n, sum(amount) AS total FROM KAFKA orders INTO POSTGRES ${totals} MODE UPDATE WITH (name = '${totals}');\n`,
      );
      await wave(0, 200);
      let child: ChildProcess | undefined;
      let port: number | undefined;
      const run: Promise<CliRun> = runCli(['run', '--metrics-port', '0', file], {
        timeoutMs: 120_000,
        onStderr: (text, c) => {
          child = c;
          port ??= monitoringPort(text);
        },
      });
      const profile = mkdtempSync(join(tmpdir(), 'k2o-chromium-'));
      let browser: BrowserContext | undefined;
      try {
        await eventually('the monitoring port', async () => port);
        browser = await launch(profile);
        const page = await browser.newPage();
        const outside: string[] = [];
        page.on('request', (r) => {
          if (!r.url().startsWith(`http://127.0.0.1:${port!}/`)) outside.push(r.url());
        });
        await page.goto(`http://127.0.0.1:${port!}/`);
        for (const q of [orders, totals]) await page.locator(`[data-query="${q}"] .state`).filter({ hasText: 'RUNNING' }).waitFor();
        await eventually('200 records in, in the page', async () =>
          (await figure(page, totals, 'recordsIn')) === '200' ? true : undefined,
        );
        const before = await figure(page, orders, 'rowsOut');
        await wave(200, 300);
        await eventually('500 records in, in the page', async () =>
          (await figure(page, orders, 'recordsIn')) === '500' && (await figure(page, totals, 'recordsIn')) === '500' ? true : undefined,
        );
        expect(await figure(page, orders, 'rowsOut')).not.toBe(before);
        expect(Number((await figure(page, orders, 'rowsOut')).replace(/,/g, ''))).toBe(
          Array.from({ length: 500 }, (_, i) => i % 50).filter((a) => a > 5).length,
        );
        expect(await figure(page, totals, 'watermark')).toMatch(/^2026-01-01T00:08:/);
        expect(await page.locator(`[data-query="${orders}"] svg.spark polyline`).getAttribute('points')).toMatch(/,.* /);
        await eventually('lag 0 on the page', async () => ((await figure(page, orders, 'lag')) === '0' ? true : undefined));
        await page.locator(`[data-query="${totals}"] details summary`).first().click();
        expect(await page.locator(`[data-query="${totals}"] pre`).first().innerText()).toContain(`INTO POSTGRES ${totals}`);
        expect(outside).toEqual([]);
        mkdirSync(OUTPUT, { recursive: true });
        await page.screenshot({ path: join(OUTPUT, 'console.png'), fullPage: true });
        // README's picture is renewed on purpose only, as goldens are: a test run leaves the checkout as it was.
        if (process.env['UPDATE_GOLDEN'] === '1') copyFileSync(join(OUTPUT, 'console.png'), 'docs/console.png');
      } finally {
        await browser?.close();
        rmSync(profile, { recursive: true, force: true });
        child?.kill('SIGTERM');
      }
      const done = await run;
      expect(done.code, done.stderr).toBe(0);
    },
    150_000,
  );
});
