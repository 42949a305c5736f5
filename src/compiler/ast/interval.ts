const UNIT_MILLIS: Record<string, number> = {
  millisecond: 1,
  second: 1000,
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
  week: 604_800_000,
};

function unitMillis(unit: string): number | undefined {
  // 'ms' before the plural 's' is stripped, which would leave 'm'.
  if (unit.toLowerCase() === 'ms') return 1;
  const u = unit.toLowerCase().replace(/s$/, '');
  if (u === 'milli') return 1;
  if (u === 'sec') return 1000;
  if (u === 'min') return 60_000;
  if (u === 'h' || u === 'hr') return 3_600_000;
  return UNIT_MILLIS[u];
}

/**
 * Parses `'5 minutes'`, `'1 hour 30 minutes'`, `'90 seconds'` — or a bare number
 * with the unit given after the literal, as in `INTERVAL '30' SECOND`.
 * Returns undefined when the text is not an interval.
 */
export function parseInterval(text: string, unitAfter?: string): number | undefined {
  const trimmed = text.trim();
  if (unitAfter !== undefined) {
    const per = unitMillis(unitAfter);
    const n = Number(trimmed);
    return per === undefined || trimmed === '' || !Number.isFinite(n) ? undefined : n * per;
  }
  const parts = /^(?:\s*\d+(?:\.\d+)?\s*[A-Za-z]+)+\s*$/.test(trimmed) ? trimmed.match(/\d+(?:\.\d+)?\s*[A-Za-z]+/g) : null;
  if (!parts) return undefined;
  let total = 0;
  for (const part of parts) {
    const m = /^(\d+(?:\.\d+)?)\s*([A-Za-z]+)$/.exec(part);
    const per = m ? unitMillis(m[2]!) : undefined;
    if (!m || per === undefined) return undefined;
    total += Number(m[1]) * per;
  }
  return total;
}

/** The shortest readable spelling of a duration, for EXPLAIN. */
export function formatInterval(millis: number): string {
  const units: [number, string][] = [
    [86_400_000, 'day'],
    [3_600_000, 'hour'],
    [60_000, 'minute'],
    [1000, 'second'],
    [1, 'millisecond'],
  ];
  for (const [per, name] of units) {
    if (millis !== 0 && millis % per === 0) {
      const n = millis / per;
      return `${n} ${name}${n === 1 ? '' : 's'}`;
    }
  }
  return `${millis} milliseconds`;
}
