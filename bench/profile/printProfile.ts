import { formatProfile, summarizeProfile } from './summarizeProfile.js';

/** `node dist/bench/profile/printProfile.js FILE.cpuprofile… [--top N]`: self-time summary of any V8 CPU profile. */
const args = process.argv.slice(2);
const topIndex = args.indexOf('--top');
const top = topIndex >= 0 ? Number(args[topIndex + 1]) : 20;
const files = args.filter((a, i) => a !== '--top' && (topIndex < 0 || i !== topIndex + 1));
if (files.length === 0) {
  process.stderr.write('usage: node dist/bench/profile/printProfile.js FILE.cpuprofile… [--top N]\n');
  process.exitCode = 2;
}
for (const f of files) process.stdout.write(`${formatProfile(f, summarizeProfile(f, top))}\n\n`);
