// Bundles the compiled CLI (dist/src/cli/main.js) into dist/bin/: `k2o.js`, the
// entry `bin` points at, and one chunk per module the CLI imports on demand
// (`run`, `repl`, `infer`, each connector with its driver). Part of `npm run build`.
//
// A start of `k2o` spent a third of its time resolving and reading some 140
// module files one by one (k2o's, chevrotain's, kafkajs's, pg's); bundled, it
// reads a few. Splitting keeps every on-demand import on demand: `k2o check`
// loads no driver. The library entry (dist/src/index.js) stays unbundled.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';

// Pure JavaScript, on the CLI's start path: bundled with their own dependencies.
const BUNDLED = new Set(['chevrotain', 'luxon', 'kafkajs', 'pg', 'pg-copy-streams']);

const outdir = 'dist/bin';
rmSync(outdir, { recursive: true, force: true });

/** A package k2o imports stays an import of node_modules unless it is BUNDLED; so does pg's optional pg-native. */
const chooseBundled = {
  name: 'k2o-bundled-packages',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('node:')) return { external: true };
      const name = args.path.startsWith('@') ? args.path.split('/').slice(0, 2).join('/') : args.path.split('/')[0];
      const fromPackage = args.importer.includes('/node_modules/');
      if (name === 'pg-native' || (!fromPackage && !BUNDLED.has(name))) return { external: true };
      return undefined;
    });
  },
};

await build({
  entryPoints: { k2o: 'dist/src/cli/main.js' },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node22',
  // The CommonJS packages bundled (kafkajs, pg) call require() for Node's own modules.
  banner: {
    js: "import { createRequire as __k2oCreateRequire } from 'node:module';\nconst require = __k2oCreateRequire(import.meta.url);",
  },
  plugins: [chooseBundled],
  // Without comments and blanks the sources V8 keeps in memory shrink by a third: idle `k2o run` RSS -4 MB.
  // Names stay as written, so a stack trace still reads; dist/bin/*.map maps it back (node --enable-source-maps).
  minifyWhitespace: true,
  minifySyntax: true,
  sourcemap: 'linked',
  logLevel: 'warning',
});
