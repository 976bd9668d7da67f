import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface LoadRequest {
  path: string;
  headers: Record<string, string>;
  body: string;
}

export interface LoadSpec {
  url: string;
  requests: LoadRequest[];
  /** true: cycle through the requests; false: each is sent once and the run ends when they are used up. */
  cycle: boolean;
  connections: number;
  durationMs: number;
}

export interface LoadResult {
  /** Latencies (ms) of the successful requests. */
  latencies: number[];
  errors: number;
  firstError: string | null;
  statuses: Record<string, number>;
  elapsedMs: number;
  sent: number;
}

/** The load generator's process; one run at a time. */
export class LoadGenerator {
  private readonly child: ChildProcess;
  private seq = 0;
  private readonly waiting = new Map<number, { resolve: (r: LoadResult) => void; reject: (e: Error) => void }>();

  constructor() {
    this.child = fork(fileURLToPath(new URL('./load-worker.js', import.meta.url)), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.child.on('message', (m: { id: number; result?: LoadResult; error?: string }) => {
      const w = this.waiting.get(m.id);
      if (!w) return;
      this.waiting.delete(m.id);
      if (m.result) w.resolve(m.result);
      else w.reject(new Error(m.error ?? 'load generator failed'));
    });
    this.child.on('exit', (code) => {
      for (const w of this.waiting.values()) w.reject(new Error(`load generator exited (${code})`));
      this.waiting.clear();
    });
  }

  run(spec: LoadSpec): Promise<LoadResult> {
    const id = ++this.seq;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.child.send({ id, spec });
    });
  }

  close() {
    this.child.kill();
  }
}

export interface Summary {
  requests: number;
  errors: number;
  seconds: number;
  rps: number;
  p50: number;
  p99: number;
  mean: number;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (!sorted.length) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

/** Several runs of one side merged: latencies pooled, throughput = requests ÷ total time. */
export function summarize(runs: readonly LoadResult[]): Summary {
  const all = runs.flatMap((r) => r.latencies).sort((a, b) => a - b);
  const seconds = runs.reduce((s, r) => s + r.elapsedMs, 0) / 1000;
  return {
    requests: all.length,
    errors: runs.reduce((s, r) => s + r.errors, 0),
    seconds,
    rps: seconds > 0 ? all.length / seconds : 0,
    p50: percentile(all, 50),
    p99: percentile(all, 99),
    mean: all.length ? all.reduce((s, x) => s + x, 0) / all.length : NaN,
  };
}
