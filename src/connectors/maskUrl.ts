/**
 * A connection URL safe to print: the password (in the userinfo or as a
 * `password` query parameter) becomes `***`. Text that is not a URL is masked
 * by pattern, so a malformed URL in an error message still leaks nothing.
 */
export function maskUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // Key-value strings (`host=… password=…`) and Oracle's `user/password@host` habit too.
    return url
      .replace(/(\/\/[^:/@]*):[^@]*@/, '$1:***@')
      .replace(/(\b\w*password\s*=\s*)[^&\s]*/gi, '$1***')
      .replace(/^([^\s/@:]+)\/[^@\s]+@/, '$1/***@');
  }
  if (parsed.password !== '') parsed.password = '***';
  for (const name of [...parsed.searchParams.keys()]) {
    // `password`, and any `…password` such as Oracle's walletPassword.
    if (name.toLowerCase().endsWith('password')) parsed.searchParams.set(name, '***');
  }
  return parsed.toString();
}
