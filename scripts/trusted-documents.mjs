#!/usr/bin/env node
// Writes a trusted-documents manifest for PAR_TRUSTED_DOCUMENTS: {"<sha256 hex of the text>": "<text>"}.
//
//   node scripts/trusted-documents.mjs <.graphql files or directories…> [--out manifest.json]
//
// Each .graphql file is one document, hashed exactly as it is (UTF-8 bytes, whitespace included):
// clients must send that very text, or only its hash as
// {"extensions": {"persistedQuery": {"version": 1, "sha256Hash": "<hash>"}}} (plus "operationName"
// when the file holds several operations). The manifest is printed to stdout unless --out is given.
import { createHash } from 'node:crypto';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';

const args = process.argv.slice(2);
const outAt = args.indexOf('--out');
const out = outAt >= 0 ? args[outAt + 1] : null;
const inputs = args.filter((_, i) => i !== outAt && i !== outAt + 1);
if (!inputs.length || (outAt >= 0 && !out)) {
  console.error('usage: node scripts/trusted-documents.mjs <.graphql files or directories…> [--out manifest.json]');
  process.exit(2);
}

async function* graphqlFiles(p) {
  if ((await stat(p)).isDirectory()) {
    for (const entry of (await readdir(p)).sort()) yield* graphqlFiles(path.join(p, entry));
  } else if (/\.(graphql|gql)$/.test(p)) yield p;
}

const manifest = {};
for (const input of inputs) {
  for await (const file of graphqlFiles(input)) {
    const text = await readFile(file, 'utf8');
    if (!text.trim()) continue;
    manifest[createHash('sha256').update(text, 'utf8').digest('hex')] = text;
    console.error(`${file}`);
  }
}
const json = JSON.stringify(manifest, null, 2) + '\n';
if (out) {
  await writeFile(out, json);
  console.error(`${Object.keys(manifest).length} operations → ${out}`);
} else process.stdout.write(json);
