#!/usr/bin/env node
// Summarizes a V8 .cpuprofile (node --cpu-prof): the busiest functions by self and inclusive time,
// over the whole profile or a window of it (seconds counted back from its end), and how idle the
// process was second by second (to find the window of one benchmark run).
//
//   node --cpu-prof --cpu-prof-dir=prof packages/bench/dist/main.js --quick --only ranking
//   node scripts/cpuprofile-summary.mjs prof/CPU.*.cpuprofile [--from -13 --to -8] [--top 40]
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith('--') && !/^-?\d/.test(a));
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
if (!file) {
  console.error('usage: node scripts/cpuprofile-summary.mjs FILE.cpuprofile [--from -S] [--to -S] [--top N]');
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, 'utf8'));
const top = opt('--top', 40);
const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const end = profile.timeDeltas.reduce((a, b) => a + b, 0);
const from = end + opt('--from', -Infinity) * 1e6;
const to = end + opt('--to', 0) * 1e6;
const label = (n) => {
  const f = n.callFrame;
  const url = f.url.replace(/.*node_modules\/\.pnpm\//, '').replace(/^file:\/\/.*?\/(packages|plugins)\//, '$1/');
  return `${f.functionName || '(anonymous)'} ${url}:${f.lineNumber + 1}`;
};

const self = new Map();
const inclusive = new Map();
const seconds = new Map();
let total = 0;
let t = 0;
for (let i = 0; i < profile.samples.length; i++) {
  t += profile.timeDeltas[i];
  const d = profile.timeDeltas[i + 1] ?? 0;
  const node = nodes.get(profile.samples[i]);
  const s = Math.floor((t - end) / 1e6);
  const sec = seconds.get(s) ?? { idle: 0, all: 0 };
  sec.all += d;
  if (node.callFrame.functionName === '(idle)') sec.idle += d;
  seconds.set(s, sec);
  if (t < from || t > to) continue;
  total += d;
  self.set(label(node), (self.get(label(node)) ?? 0) + d);
  const seen = new Set();
  for (let id = profile.samples[i]; id !== undefined; id = parent.get(id)) {
    const k = label(nodes.get(id));
    if (seen.has(k)) continue;
    seen.add(k);
    inclusive.set(k, (inclusive.get(k) ?? 0) + d);
  }
}
const show = (map) =>
  [...map]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .forEach(([k, v]) => console.log(`${(v / 1000).toFixed(0).padStart(8)} ms ${((100 * v) / total).toFixed(1).padStart(5)} %  ${k}`));
console.log(`idle % per second (from the end): ${[...seconds].map(([s, v]) => `${s}:${Math.round((100 * v.idle) / Math.max(1, v.all))}`).join(' ')}`);
console.log(`window: ${(total / 1000).toFixed(0)} ms`);
console.log('--- self time');
show(self);
console.log('--- inclusive time');
show(inclusive);
