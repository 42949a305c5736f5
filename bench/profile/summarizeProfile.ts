import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The parts of a V8 .cpuprofile (node --cpu-prof) that self time needs. */
interface CpuProfile {
  readonly nodes: readonly { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  readonly samples: readonly number[];
  /** Microseconds before each sample. */
  readonly timeDeltas: readonly number[];
}

export interface ProfileEntry {
  readonly name: string;
  /** Package, or k2o source file, and line. */
  readonly where: string;
  readonly selfMs: number;
  /** Of the busy (non-idle) time. */
  readonly share: number;
}

export interface ProfileSummary {
  readonly file: string;
  readonly busyMs: number;
  readonly idleMs: number;
  /** Functions by self time, highest first. */
  readonly top: readonly ProfileEntry[];
  /** Self time by package (kafkajs, pg, …), k2o by source folder, node internals, GC. */
  readonly byPackage: readonly { readonly name: string; readonly selfMs: number; readonly share: number }[];
}

/**
 * Self time by function and by package from a .cpuprofile: which code the
 * process spent its CPU in, so the next optimisation is chosen from data.
 */
export function summarizeProfile(file: string, topN = 15): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const frames = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const byFunction = new Map<string, { name: string; where: string; us: number }>();
  const byPackage = new Map<string, number>();
  let idleUs = 0;
  let busyUs = 0;
  profile.samples.forEach((id, i) => {
    const us = profile.timeDeltas[i] ?? 0;
    const frame = frames.get(id)!;
    if (frame.functionName === '(idle)') {
      idleUs += us;
      return;
    }
    busyUs += us;
    const where = location(frame.url, frame.lineNumber);
    const name = frame.functionName || '(anonymous)';
    const key = `${name}\u0000${where}`;
    const entry = byFunction.get(key) ?? { name, where, us: 0 };
    entry.us += us;
    byFunction.set(key, entry);
    const pkg = packageOf(frame.url, name);
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + us);
  });
  const share = (us: number): number => (busyUs > 0 ? us / busyUs : 0);
  return {
    file,
    busyMs: busyUs / 1000,
    idleMs: idleUs / 1000,
    top: [...byFunction.values()]
      .sort((a, b) => b.us - a.us)
      .slice(0, topN)
      .map((e) => ({ name: e.name, where: e.where, selfMs: e.us / 1000, share: share(e.us) })),
    byPackage: [...byPackage.entries()].sort((a, b) => b[1] - a[1]).map(([name, us]) => ({ name, selfMs: us / 1000, share: share(us) })),
  };
}

function location(url: string, line: number): string {
  if (!url) return '';
  const path = url.startsWith('file://') ? fileURLToPath(url) : url;
  const nm = path.lastIndexOf('node_modules/');
  const shown = nm >= 0 ? path.slice(nm + 'node_modules/'.length) : path.startsWith('/') ? relative(process.cwd(), path) : path;
  return `${shown}:${line + 1}`;
}

/**
 * kafkajs, pg, … by package; the product by its top source folder (dist/src/runtime → k2o runtime)
 * and the harness and tools compiled beside it as one each (dist/bench → k2o bench); node: internals;
 * (gc) etc. as named.
 */
function packageOf(url: string, name: string): string {
  if (!url) return name.startsWith('(') ? name : '(native)';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const parts = url.slice(nm + 'node_modules/'.length).split('/');
    return parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
  }
  if (url.startsWith('node:')) return 'node internals';
  const dist = url.lastIndexOf('/dist/');
  if (dist >= 0) {
    const [top, folder] = url.slice(dist + '/dist/'.length).split('/');
    return `k2o ${(top === 'src' ? folder : top)!.replace(/\.js$/, '')}`;
  }
  return 'other';
}

/** Markdown-ish text of a summary, as printed after the table and pasted into BASELINE.md. */
export function formatProfile(title: string, s: ProfileSummary, packages = 8): string {
  const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
  const lines = [`${title}: ${(s.busyMs / 1000).toFixed(1)} s busy, ${(s.idleMs / 1000).toFixed(1)} s idle (${s.file})`, '  by package:'];
  for (const p of s.byPackage.slice(0, packages)) lines.push(`    ${pct(p.share).padStart(6)}  ${p.name}`);
  lines.push('  top functions by self time:');
  for (const e of s.top) lines.push(`    ${pct(e.share).padStart(6)}  ${e.name}  ${e.where}`);
  return lines.join('\n');
}
