/**
 * The source text of the top-level number fields named `names` of a JSON object,
 * for DECIMAL columns: JSON.parse reads every number as a double, which keeps
 * about 16 significant digits (12345678901234567.891 parses to
 * 12345678901234568). The text must already have passed JSON.parse as an
 * object, so this scanner only finds boundaries; like JSON.parse, the last of
 * duplicate keys wins. (Node 21's reviver `context.source` would do this, but
 * k2o runs on Node 20.)
 */
export function numberTexts(json: string, names: ReadonlySet<string>): Map<string, string> {
  const found = new Map<string, string>();
  let i = json.indexOf('{') + 1;
  for (;;) {
    i = skipSpace(json, i);
    const c = json[i];
    if (c === '}' || c === undefined) return found;
    if (c === ',') {
      i++;
      continue;
    }
    const keyEnd = stringEnd(json, i);
    const rawKey = json.slice(i + 1, keyEnd - 1);
    const key = rawKey.includes('\\') ? (JSON.parse(json.slice(i, keyEnd)) as string) : rawKey;
    i = skipSpace(json, skipSpace(json, keyEnd) + 1); // past the ':'
    const end = valueEnd(json, i);
    if (names.has(key)) {
      if (isNumberStart(json.charCodeAt(i))) found.set(key, json.slice(i, end));
      else found.delete(key);
    }
    i = end;
  }
}

function isNumberStart(code: number): boolean {
  return code === 45 /* - */ || (code >= 48 && code <= 57);
}

function skipSpace(s: string, i: number): number {
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (c !== 32 && c !== 10 && c !== 13 && c !== 9) break;
    i++;
  }
  return i;
}

/** Index just past the string that starts (with its quote) at `i`. */
function stringEnd(s: string, i: number): number {
  let q = i;
  for (;;) {
    q = s.indexOf('"', q + 1);
    let backslashes = 0;
    while (s.charCodeAt(q - 1 - backslashes) === 92) backslashes++;
    if (backslashes % 2 === 0) return q + 1;
  }
}

/** Index just past the value that starts at `i`: a string, an object or array (nested), or a number or literal. */
function valueEnd(s: string, i: number): number {
  const c = s[i];
  if (c === '"') return stringEnd(s, i);
  if (c === '{' || c === '[') {
    let depth = 0;
    for (let j = i; j < s.length; j++) {
      const d = s[j];
      if (d === '"') j = stringEnd(s, j) - 1;
      else if (d === '{' || d === '[') depth++;
      else if (d === '}' || d === ']') {
        depth--;
        if (depth === 0) return j + 1;
      }
    }
    return s.length;
  }
  let j = i;
  while (j < s.length && !',}] \n\r\t'.includes(s[j]!)) j++;
  return j;
}
