import type { EntityManager } from '@mikro-orm/postgresql';
import type { AccessContext } from '../auth/access.js';
import type { AuthService } from '../auth/auth.service.js';
import type { PresetRegistry } from '../criteria/preset.js';
import type { AuditService } from '../audit/audit.service.js';
import type { ScorecardService } from '../scorecard/scorecard.service.js';
import type { AppraisalService } from '../scorecard/appraisal.service.js';
import type { RankingService } from '../ranking/ranking.service.js';
import type { Scope } from '../auth/scope.js';
import type { AuthFailure, Viewer } from '../auth/viewer.js';
import type { Loaders } from './loaders.js';
import { unauthenticated } from './errors.js';

/** Built fresh for every request by the server: its own EntityManager fork and DataLoaders. */
export interface RequestContext extends AccessContext {
  em: EntityManager;
  loaders: Loaders;
  services: Services;
  viewer: Viewer | null;
  authFailure: AuthFailure | null;
  requestId: string;
  /** What the caller may read and write; computed lazily, once per request. */
  scope: Scope;
}

export interface Services {
  auth: AuthService;
  /** The presets wired in by the server (several provinces side by side). */
  presets: PresetRegistry;
  audit: AuditService;
  scorecards: ScorecardService;
  appraisal: AppraisalService;
  ranking: RankingService;
  /** The time; injectable so deadlines can be tested. */
  now: () => Date;
  /** Issues short-lived signed download links for evidence files. */
  downloads: {
    sign(sha256: string, fileName: string, userId: string): string;
    /** A short-lived signed link that regenerates a ranking export from stored results. */
    signRankingExport(p: { roundId: string; group: string; provisional: boolean; format: string; userId: string }): string;
  };
  /** Webhook registration rules (the server's WEBHOOK_ALLOW_PRIVATE). */
  webhookOptions: { allowPrivate: boolean };
}

/** The viewer of a field whose rule already required sign-in. */
export function viewerOf(ctx: RequestContext): Viewer {
  if (!ctx.viewer) throw unauthenticated();
  return ctx.viewer;
}
