import { forbidden } from '../common/errors.js';
import type { Area } from '../criteria/area.js';
import { Role } from './role.js';

/** The authenticated caller of a request, resolved once per request from its bearer token. */
export interface Viewer {
  userId: string;
  username: string;
  role: Role;
  provinceId: string;
  unitId: string | null;
  areas: readonly Area[];
  reviewUnitIds: readonly string[];
  /** National readers only: may download evidence files. */
  evidenceAccess: boolean;
  /** How the caller authenticated; `sessionId` or `tokenId` identifies the credential. */
  via: 'session' | 'token';
  sessionId: string | null;
  tokenId: string | null;
  /**
   * The provinces a provincial account reads (its own and those merged into it), when known at
   * authentication (sessions); otherwise Scope reads them. Never set for national readers.
   */
  readableProvinceIds?: readonly string[];
}

export type AuthFailure = 'invalid' | 'expired' | 'revoked' | 'disabled';

/** Scope checks used by services after the role gate. */
export function assertSameProvince(viewer: Viewer, provinceId: string): void {
  if (viewer.provinceId !== provinceId) throw forbidden('Bạn chỉ được thao tác trên dữ liệu của tỉnh mình.');
}

export function assertUnitAccess(viewer: Viewer, unit: { id: string; provinceId: string }): void {
  assertSameProvince(viewer, unit.provinceId);
  if (viewer.role === Role.UNIT && viewer.unitId !== unit.id)
    throw forbidden('Bạn chỉ được thao tác trên dữ liệu của đơn vị mình.');
}
