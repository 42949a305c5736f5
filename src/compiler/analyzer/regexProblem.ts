/** Why `pattern` is not a JavaScript regular expression, or undefined when it is. */
export function regexProblem(pattern: string): string | undefined {
  try {
    new RegExp(pattern);
    return undefined;
  } catch (e) {
    // V8 says "Invalid regular expression: /…/: reason"; messages quote the pattern themselves.
    return (e as Error).message.replace(/^Invalid regular expression: \/.*\/\w*: /, '');
  }
}
