import { existsSync, readFileSync } from 'node:fs';
import { DockerfileParser, type Copy, type Instruction } from 'dockerfile-ast';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { PrometheusMetrics } from '../../src/monitor/PrometheusMetrics.js';

const dockerfileText = readFileSync('Dockerfile', 'utf8');
const readme = readFileSync('README.md', 'utf8');

const instructions = (text: string) =>
  DockerfileParser.parse(text)
    .getInstructions()
    .map((i: Instruction) => [i.getKeyword(), i.getArgumentsContent() ?? ''] as const);

/** A JSON-form instruction's arguments (`CMD ["run", …]`). */
const jsonArgs = (keyword: string): string[] => JSON.parse(instructions(dockerfileText).find(([k]) => k === keyword)![1]) as string[];

describe('the Dockerfile', () => {
  const all = instructions(dockerfileText);
  const port = all.find(([k]) => k === 'EXPOSE')![1];

  it('is the one README shows, instruction for instruction', () => {
    const block = /```dockerfile\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(block, 'README has a ```dockerfile block').toBeDefined();
    expect(instructions(block!)).toEqual(all);
  });

  it('runs on a small Node base as a user other than root, probing /health/live on the metrics port', () => {
    const bases = all.filter(([k]) => k === 'FROM').map(([, a]) => a.split(' ')[0]!);
    expect(bases.every((b) => /^node:\d+-(bookworm-slim|alpine)$/.test(b))).toBe(true);
    expect(all.findLast(([k]) => k === 'USER')![1]).not.toMatch(/^(root|0)$/);
    const health = all.find(([k]) => k === 'HEALTHCHECK')![1];
    expect(health).toContain(`http://127.0.0.1:${port}/health/live`);
    expect(jsonArgs('CMD')).toEqual(['run', '--metrics-port', port, '--log-format', 'json', '/queries']);
  });

  it('copies what exists here and starts what `npm run build` makes', () => {
    const copies = DockerfileParser.parse(dockerfileText)
      .getInstructions()
      .filter((i) => i.getKeyword() === 'COPY' && !(i as Copy).getFlags().some((f) => f.getName() === 'from'));
    const sources = copies.flatMap((i) =>
      i
        .getArguments()
        .slice(0, -1)
        .map((a) => a.getValue()),
    );
    expect(sources).toContain('src');
    expect(sources.filter((s) => !existsSync(s))).toEqual([]);
    expect(existsSync(jsonArgs('ENTRYPOINT')[1]!)).toBe(true);
  });

  it('matches the Kubernetes example: the same arguments, probes and annotated metrics port', () => {
    const docs = parseAllDocuments(readFileSync('deploy/kubernetes.yaml', 'utf8')).map((d) => d.toJS() as Record<string, any>);
    const deployment = docs.find((d) => d['kind'] === 'Deployment')!;
    const pod = deployment['spec']['template'];
    expect(pod['metadata']['annotations']).toEqual({
      'prometheus.io/scrape': 'true',
      'prometheus.io/port': port,
      'prometheus.io/path': '/metrics',
    });
    const [container] = pod['spec']['containers'];
    expect(container['args']).toEqual(jsonArgs('CMD'));
    expect(container['ports']).toEqual([{ name: 'metrics', containerPort: Number(port) }]);
    expect(container['livenessProbe']['httpGet']).toEqual({ path: '/health/live', port: 'metrics' });
    expect(container['readinessProbe']['httpGet']).toEqual({ path: '/health/ready', port: 'metrics' });
  });
});

describe('the Grafana dashboard', () => {
  it('asks only for metrics k2o serves', async () => {
    const dashboard = JSON.parse(readFileSync('docs/grafana-dashboard.json', 'utf8')) as { panels: { targets: { expr: string }[] }[] };
    const served = new Set([...(await new PrometheusMetrics().text()).matchAll(/^# TYPE (\S+) (\S+)/gm)].map((m) => m[1]!));
    const asked = dashboard.panels.flatMap((p) => p.targets.flatMap((t) => [...t.expr.matchAll(/\bk2o_\w+/g)].map((m) => m[0])));
    expect(asked.length).toBeGreaterThan(10);
    expect(asked.map((n) => n.replace(/_(bucket|sum|count)$/, '')).filter((n) => !served.has(n))).toEqual([]);
  });
});
