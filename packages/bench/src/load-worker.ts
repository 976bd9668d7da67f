/**
 * The load generator, run in its own process (child_process.fork) so the server's event loop
 * measures only the server: N keep-alive connections on loopback, each sending its next request
 * as soon as the previous answer is read, for a fixed time (or until the request list is used up).
 */
import http from 'node:http';
import type { LoadRequest, LoadResult, LoadSpec } from './load.js';

async function run(spec: LoadSpec): Promise<LoadResult> {
  const url = new URL(spec.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: spec.connections });
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let errors = 0;
  let firstError: string | null = null;
  let next = 0;
  const started = performance.now();
  const deadline = started + spec.durationMs;

  const take = (): LoadRequest | null => {
    if (spec.cycle) return spec.requests[next++ % spec.requests.length]!;
    return next < spec.requests.length ? spec.requests[next++]! : null;
  };

  const once = (r: LoadRequest) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request(
        {
          agent,
          host: url.hostname,
          port: url.port,
          method: 'POST',
          path: r.path,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(r.body), ...r.headers },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(r.body);
    });

  const connection = async () => {
    for (;;) {
      if (performance.now() >= deadline) return;
      const r = take();
      if (!r) return;
      const t0 = performance.now();
      try {
        const res = await once(r);
        const ms = performance.now() - t0;
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
        // A GraphQL error answer is an error even with status 200.
        if (res.status !== 200 || res.body.startsWith('{"errors"') || res.body.includes('"errors":[')) {
          errors++;
          firstError ??= `${res.status} ${res.body.slice(0, 300)}`;
        } else latencies.push(ms);
      } catch (err) {
        errors++;
        firstError ??= (err as Error).message;
      }
    }
  };
  await Promise.all(Array.from({ length: spec.connections }, connection));
  const elapsedMs = performance.now() - started;
  agent.destroy();
  return { latencies, errors, firstError, statuses, elapsedMs, sent: next };
}

process.on('message', (msg: { id: number; spec: LoadSpec }) => {
  run(msg.spec).then(
    (result) => process.send!({ id: msg.id, result }),
    (err: Error) => process.send!({ id: msg.id, error: err.message }),
  );
});
