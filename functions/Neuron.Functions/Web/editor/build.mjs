// Bundles editor.js and its CodeMirror packages into one minified ES module (the path given, or dist/editor.js),
// then prints its size raw and gzipped. Offline: everything comes from node_modules (npm ci).
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const outfile = process.argv[2] ?? join(here, 'dist', 'editor.js');
await build({
  entryPoints: [join(here, 'editor.js')],
  outfile,
  bundle: true,
  format: 'esm',
  minify: true,
  target: ['chrome100', 'firefox100', 'safari16'],
  legalComments: 'eof',
  logLevel: 'warning',
});
const bytes = readFileSync(outfile);
console.log(`editor bundle: ${outfile}: ${bytes.length} bytes, ${gzipSync(bytes, { level: 9 }).length} bytes gzipped`);
