import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { generatedFiles } from './generatedFiles.js';

/** `npm run grammar`: rewrites the files derived from the parser. Runs compiled, from dist/grammar/. */
const repository = fileURLToPath(new URL('../../', import.meta.url));
for (const f of generatedFiles()) {
  writeFileSync(repository + f.path, f.text);
  console.log(`wrote ${f.path}`);
}
