import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

/** Lines kept across sessions, as shells keep theirs. */
export const HISTORY_SIZE = 1000;

/** `K2O_HISTORY`, else `~/.k2o_history`. */
export function historyPath(env: NodeJS.ProcessEnv = process.env): string {
  return env['K2O_HISTORY'] || join(homedir(), '.k2o_history');
}

/**
 * The typed lines of earlier sessions, one a line in a file that never grows
 * past HISTORY_SIZE lines: each line is appended as it is entered (a session
 * that dies keeps what it had), and the file is cut back when read.
 */
export class History {
  private count = 0;

  constructor(private readonly path: string) {}

  /** The lines, newest first, as readline's `history` option takes them; a missing or unreadable file is no history. */
  load(): string[] {
    let lines: string[];
    try {
      lines = readFileSync(this.path, 'utf8')
        .split('\n')
        .filter((l) => l.length > 0);
    } catch {
      return [];
    }
    if (lines.length > HISTORY_SIZE) {
      lines = lines.slice(-HISTORY_SIZE);
      this.rewrite(lines);
    }
    this.count = lines.length;
    return lines.reverse();
  }

  add(line: string): void {
    if (line.trim().length === 0) return;
    try {
      mkdirSync(dirname(this.path), { recursive: true });
      appendFileSync(this.path, `${line.replace(/\n/g, ' ')}\n`, { mode: 0o600 });
      this.count++;
      // Cut back now and then, not at every line: the file stays within twice the bound.
      if (this.count >= 2 * HISTORY_SIZE) this.load();
    } catch {
      // History is a convenience: a read-only home must not stop the session.
    }
  }

  private rewrite(lines: readonly string[]): void {
    try {
      writeFileSync(this.path, lines.map((l) => `${l}\n`).join(''), { mode: 0o600 });
    } catch {
      // As above.
    }
  }
}
