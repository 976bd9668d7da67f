// Bundles GraphiQL into dist/graphiql at build time (esbuild), so the server never loads a CDN.
import { build } from 'esbuild';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.join(here, '..', 'dist', 'graphiql');
await mkdir(out, { recursive: true });
await build({
  entryPoints: [path.join(here, '..', 'graphiql', 'app.jsx')],
  bundle: true,
  minify: true,
  format: 'iife',
  target: 'es2020',
  outfile: path.join(out, 'app.js'),
  define: { 'process.env.NODE_ENV': '"production"' },
  loader: { '.woff': 'file', '.woff2': 'file', '.ttf': 'file', '.svg': 'file' },
  logLevel: 'warning',
  legalComments: 'none',
});
await writeFile(
  path.join(out, 'index.html'),
  `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>GraphiQL — Nền tảng Chỉ số CCHC</title>
<link rel="stylesheet" href="/graphiql/app.css">
<style>html,body,#graphiql{height:100%;margin:0}</style>
</head>
<body>
<div id="graphiql">Đang tải GraphiQL…</div>
<script src="/graphiql/app.js"></script>
</body>
</html>
`,
);
