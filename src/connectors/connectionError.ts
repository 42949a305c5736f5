import { UnreachableError } from '../runtime/ports/UnreachableError.js';
import { maskUrl } from './maskUrl.js';

/** "cannot connect to X at URL: reason", the URL's password masked: the one place a sink says where it failed. */
export function connectionError(database: string, url: string, err: unknown): Error {
  const reason = err instanceof Error ? err.message : String(err);
  return new UnreachableError(`cannot connect to ${database} at ${maskUrl(url)}: ${reason}`, { cause: err });
}
