/** The characters that shape CSV text. */
export interface CsvSyntax {
  readonly delimiter: string;
  readonly quote: string;
  /** Inside a quoted field, makes the next character literal; equal to `quote`, it is RFC 4180's doubled quote. */
  readonly escape: string;
  /** An unquoted field equal to this is NULL. */
  readonly nullValue: string;
}

/** Why `text` is not CSV, as thrown by parseCsv. */
export class CsvSyntaxError extends Error {}

/**
 * CSV text → its lines' fields (NULL for an unquoted field equal to the null
 * string); lines end with \n, \r\n or \r, and empty lines are skipped. A quote
 * may open a field only at its start, and a closing quote must be followed by
 * a delimiter or a line end; anything else is a CsvSyntaxError naming the line.
 *
 * Written for one Kafka record at a time: csv-parse, which reads the same
 * syntax, sets up a parser per call and decodes 20 times slower here (bench
 * L12). Lines without a quote take a split.
 */
export function parseCsv(text: string, s: CsvSyntax): (string | null)[][] {
  const lines: (string | null)[][] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    let end = i;
    while (end < n && text.charCodeAt(end) !== 10 && text.charCodeAt(end) !== 13) end++;
    const plain = text.slice(i, end);
    if (!plain.includes(s.quote)) {
      if (plain.length > 0) lines.push(plain.split(s.delimiter).map((f) => (f === s.nullValue ? null : f)));
      i = skipLineEnd(text, end);
      continue;
    }
    i = quotedLine(text, i, s, lines);
  }
  return lines;
}

function skipLineEnd(text: string, at: number): number {
  if (text.charCodeAt(at) === 13 && text.charCodeAt(at + 1) === 10) return at + 2;
  return at + 1;
}

/** Reads one line that holds a quote (its quoted fields may span line ends); returns where the next line starts. */
function quotedLine(text: string, start: number, s: CsvSyntax, lines: (string | null)[][]): number {
  const n = text.length;
  const fields: (string | null)[] = [];
  const lineNo = lines.length + 1;
  let i = start;
  for (;;) {
    if (text.startsWith(s.quote, i)) {
      let value = '';
      let from = i + 1;
      let j = from;
      for (;;) {
        if (j >= n) throw new CsvSyntaxError(`line ${lineNo}: a quoted field is not closed`);
        const c = text[j]!;
        if (c === s.escape && s.escape !== s.quote && j + 1 < n) {
          value += text.slice(from, j) + text[j + 1];
          j += 2;
          from = j;
        } else if (c === s.quote) {
          if (s.escape === s.quote && text[j + 1] === s.quote) {
            value += text.slice(from, j + 1);
            j += 2;
            from = j;
          } else break;
        } else j++;
      }
      fields.push(value + text.slice(from, j));
      i = j + 1;
    } else {
      let j = i;
      while (j < n && !text.startsWith(s.delimiter, j) && text.charCodeAt(j) !== 10 && text.charCodeAt(j) !== 13) {
        if (text.startsWith(s.quote, j))
          throw new CsvSyntaxError(`line ${lineNo}: a quote inside an unquoted field (column ${fields.length + 1})`);
        j++;
      }
      const field = text.slice(i, j);
      fields.push(field === s.nullValue ? null : field);
      i = j;
    }
    if (i >= n || text.charCodeAt(i) === 10 || text.charCodeAt(i) === 13) {
      lines.push(fields);
      return i >= n ? n : skipLineEnd(text, i);
    }
    if (!text.startsWith(s.delimiter, i))
      throw new CsvSyntaxError(`line ${lineNo}: a closing quote must be followed by a delimiter or a line end (column ${fields.length})`);
    i += s.delimiter.length;
  }
}
