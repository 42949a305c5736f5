import { existsSync } from 'node:fs';

/** The folder of k2o's package.json, whether k2o runs from src/ or from dist/src/. */
export function packageRoot(): URL {
  let dir = new URL('./', import.meta.url);
  while (!existsSync(new URL('package.json', dir))) {
    const up = new URL('../', dir);
    if (up.href === dir.href) throw new Error('internal: k2o cannot find its package folder');
    dir = up;
  }
  return dir;
}
