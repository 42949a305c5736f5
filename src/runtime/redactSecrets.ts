/**
 * Text safe to log: a password in a URL's userinfo (`//user:secret@host`), as
 * `password=…` (or `walletPassword=…`), or in Oracle's `user/secret@host` becomes `***`. The loggers
 * apply it to every line, so no message has to remember to.
 */
export function redactSecrets(text: string): string {
  return text
    .replace(/(\/\/[^:/@\s]*):[^@\s]*@/g, '$1:***@')
    .replace(/(\b\w*password\s*[=:]\s*)[^&\s,;]*/gi, '$1***')
    .replace(/(^|\s)([^\s/@:]+)\/[^@\s/]+@/g, '$1$2/***@');
}
