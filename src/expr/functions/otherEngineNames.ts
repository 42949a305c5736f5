/**
 * Names Spark, Oracle and PostgreSQL users reach for that k2o spells another
 * way, with what to write instead. An edit distance cannot find these
 * (`sysdate` is nowhere near `current_timestamp`), so the analyzer asks here
 * before it guesses.
 */
const INSTEAD: ReadonlyMap<string, string> = new Map([
  ['split', 'split returns an array, which a k2o row cannot hold: write split_part(s, delimiter, n) for the n-th part.'],
  ['sysdate', "Oracle's sysdate is current_timestamp() here."],
  ['systimestamp', "Oracle's systimestamp is current_timestamp() here."],
  ['getdate', 'Write current_timestamp().'],
  ['to_char', "Oracle's to_char of a time is date_format(ts, 'yyyy-MM-dd HH:mm'); of a number, cast(x AS STRING)."],
  ['decode', "Oracle's decode(x, a, r1, …) is CASE x WHEN a THEN r1 … END."],
  ['len', 'Write length(s).'],
  ['strpos', "PostgreSQL's strpos(s, sub) is instr(s, sub)."],
  ['locate', "Spark's locate(sub, s) is instr(s, sub) (the arguments swap)."],
  ['datepart', "Write year(ts), month(ts) … or date_format(ts, 'pattern')."],
  ['date_part', "Write year(ts), month(ts) … or date_format(ts, 'pattern')."],
]);

/** What to write instead of `name`, when it is another engine's function. */
export function insteadOf(name: string): string | undefined {
  return INSTEAD.get(name.toLowerCase());
}
