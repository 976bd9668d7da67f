/**
 * Token buckets in memory, one per credential (or per IP address for anonymous callers): a bucket
 * holds at most one minute's budget and refills continuously at budget/60 per second. Each
 * operation takes its cost. An operation costing more than a whole minute's budget runs when the
 * bucket is full and leaves it in debt, so a small budget slows expensive operations down instead
 * of forbidding them forever.
 *
 * Each server process counts on its own: behind N replicas a caller gets up to N × the budget.
 * At that scale keep the same algorithm in a shared store (Redis with an atomic script, or the
 * reverse proxy's own limiter keyed by the Authorization header).
 */
export type TakeResult = { ok: true; remaining: number } | { ok: false; retryAfterSeconds: number };

interface Bucket {
  level: number;
  at: number;
  perMinute: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private lastSweep = 0;

  constructor(
    private readonly now: () => number = Date.now,
    /** Above this many buckets, full (idle) ones are dropped. */
    private readonly sweepAbove = 10_000,
    /** Never more buckets than this. */
    private readonly maxBuckets = 200_000,
  ) {}

  take(key: string, cost: number, perMinute: number): TakeResult {
    const t = this.now();
    const ratePerMs = perMinute / 60_000;
    let b = this.buckets.get(key);
    if (!b) {
      if (this.buckets.size >= this.sweepAbove && t - this.lastSweep >= 1000) this.sweep(t);
      // Hard cap (e.g. a spray of IPv6 addresses): the oldest buckets go first.
      for (const old of this.buckets.keys()) {
        if (this.buckets.size < this.maxBuckets) break;
        this.buckets.delete(old);
      }
      b = { level: perMinute, at: t, perMinute };
      this.buckets.set(key, b);
    } else {
      // The budget may have changed (api_token.rate_limit_per_minute edited): keep the level, cap it.
      b.perMinute = perMinute;
      b.level = Math.min(perMinute, b.level + (t - b.at) * ratePerMs);
      b.at = t;
    }
    const needed = Math.min(cost, perMinute);
    if (b.level >= needed) {
      b.level -= cost;
      return { ok: true, remaining: Math.max(0, Math.floor(b.level)) };
    }
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((needed - b.level) / ratePerMs / 1000)) };
  }

  /** Forgets buckets that have refilled completely (they would start full anyway). */
  private sweep(t: number) {
    this.lastSweep = t;
    for (const [key, b] of this.buckets) {
      if (b.level + (t - b.at) * (b.perMinute / 60_000) >= b.perMinute) this.buckets.delete(key);
    }
  }

  get size() {
    return this.buckets.size;
  }
}
