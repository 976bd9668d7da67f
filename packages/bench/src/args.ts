/** Command-line options of `pnpm bench`. */
export interface BenchOptions {
  quick: boolean;
  /** Units of the measured province (its one ranking group). */
  units: number;
  /** Provinces seeded; the others share `totalUnits − units` (a national season). */
  provinces: number;
  totalUnits: number;
  /** Seconds of each timed run (one side of one A/B pair). */
  duration: number;
  /** A/B pairs per operation. */
  pairs: number;
  warmup: number;
  /** Concurrent connections per operation (0 = the operation's default). */
  connections: number;
  keep: boolean;
  out: string | null;
  /** Measure only these operations (profiling): ranking, point, submit, rescore. */
  only: string[] | null;
}

export const USAGE = `pnpm bench [--quick] [--units N] [--provinces N] [--total-units N] [--duration S] [--pairs N]
                [--connections N] [--only LIST] [--keep] [--out FILE]

  --quick          a short run (3 s per run, 2 A/B pairs; under 3 minutes with the build)
  --units N        units of the measured province, all in one ranking group (default 1000)
  --provinces N    provinces to seed (default 1; 34 = a national season)
  --total-units N  units of all provinces together when --provinces > 1 (default 10000)
  --duration S     seconds per timed run (default 10, quick 3)
  --pairs N        interleaved GraphQL/baseline pairs per operation (default 3, quick 2)
  --connections N  concurrent connections for every operation (default: ranking 2, point read 4, submission 2)
  --only LIST      measure only these operations (comma-separated: ranking, point, submit, rescore), e.g. to profile one
  --keep           keep the benchmark's database directory
  --out FILE       where to write the JSON result (default bench-results/result-<timestamp>.json)`;

function num(name: string, raw: string | undefined, min: number, max: number): number {
  const n = Number(raw);
  if (raw === undefined || !Number.isFinite(n) || n < min || n > max) throw new Error(`${name} must be a number between ${min} and ${max}`);
  return n;
}

export function parseArgs(argv: readonly string[]): BenchOptions | 'help' {
  const quick = argv.includes('--quick');
  const o: BenchOptions = {
    quick,
    units: 1000,
    provinces: 1,
    totalUnits: 10_000,
    duration: quick ? 3 : 10,
    pairs: quick ? 2 : 3,
    warmup: quick ? 1 : 2,
    connections: 0,
    keep: false,
    out: null,
    only: null,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = () => argv[++i];
    switch (a) {
      case '--quick':
        break;
      case '--':
        break;
      case '--help':
      case '-h':
        return 'help';
      case '--units':
        o.units = Math.round(num(a, value(), 10, 100_000));
        break;
      case '--provinces':
        o.provinces = Math.round(num(a, value(), 1, 100));
        break;
      case '--total-units':
        o.totalUnits = Math.round(num(a, value(), 10, 1_000_000));
        break;
      case '--duration':
        o.duration = num(a, value(), 0.5, 3600);
        break;
      case '--pairs':
        o.pairs = Math.round(num(a, value(), 1, 100));
        break;
      case '--connections':
        o.connections = Math.round(num(a, value(), 1, 1000));
        break;
      case '--only':
        o.only = (value() ?? '').split(',').map((x) => x.trim()).filter(Boolean);
        if (!o.only.length || o.only.some((x) => !['ranking', 'point', 'submit', 'rescore'].includes(x))) throw new Error(`--only takes ranking, point, submit, rescore\n${USAGE}`);
        break;
      case '--keep':
        o.keep = true;
        break;
      case '--out':
        o.out = value() ?? null;
        break;
      default:
        throw new Error(`unknown option ${a}\n${USAGE}`);
    }
  }
  return o;
}
