#!/usr/bin/env node
import module from 'node:module';

// Node.js's compile cache (in the OS's temporary folder; NODE_DISABLE_COMPILE_CACHE=1 turns it
// off) spares each start compiling k2o's modules again: about a fifth of `k2o check`. It
// applies only to modules imported after it is on, hence the one dynamic import.
module.enableCompileCache?.();
const { main } = await import('./dispatch.js');

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: Error) => {
    process.stderr.write(`k2o: internal error: ${e.stack ?? e.message}\n`);
    process.exitCode = 70;
  },
);
