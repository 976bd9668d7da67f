#!/usr/bin/env node
// Prints the GraphQL schema built from the code into schema/schema.graphql (the public contract).
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { printPlatformSchema } from '@par/server';

const out = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'schema', 'schema.graphql');
await writeFile(out, printPlatformSchema());
console.log(`wrote ${out}`);
