import type { EntityManager } from '@mikro-orm/postgresql';
import { badInput, conflict, ErrorCode, forbidden, notFound, UserError } from '../common/errors.js';
import { Area } from '../criteria/area.js';
import { Province } from '../province/province.entity.js';
import { Unit } from '../unit/unit.entity.js';
import { ApiToken } from './api-token.entity.js';
import {
  decoyHash,
  generatePassword,
  hashPassword,
  MIN_PASSWORD_LENGTH,
  verifyPassword,
} from './password.js';
import { Role } from './role.js';
import { Session } from './session.entity.js';
import { API_TOKEN_PREFIX, hashToken, newSecret, SESSION_PREFIX } from './token.js';
import { User } from './user.entity.js';
import type { AuthFailure, Viewer } from './viewer.js';

export interface AuthOptions {
  /** Session lifetime; default 8 hours (one working day). */
  sessionTtlMs: number;
  /** Consecutive wrong passwords before the account locks; default 5. */
  maxFailedLogins: number;
  /** How long a locked account stays locked; default 15 minutes. */
  lockMs: number;
}

export const DEFAULT_AUTH_OPTIONS: AuthOptions = {
  sessionTtlMs: 8 * 3600_000,
  maxFailedLogins: 5,
  lockMs: 15 * 60_000,
};

export interface CreateUserSpec {
  provinceCode: string;
  username: string;
  displayName: string;
  role: Role;
  unitCode?: string | null;
  areas?: Area[];
  /** When absent a password is generated (except for integration accounts, which get none). */
  password?: string | null;
  /** National readers only: may download evidence files. */
  evidenceAccess?: boolean;
}

/** Login names: 3–64 characters, lower-case ASCII letters, digits, dot, underscore, hyphen. */
export const USERNAME = /^[a-z0-9][a-z0-9._-]{2,63}$/;

const fmtTime = (d: Date) =>
  d.toLocaleString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', hour12: false });

export function toViewer(user: User, via: Viewer['via'], credentialId: string): Viewer {
  return {
    userId: user.id,
    username: user.username,
    role: user.role,
    provinceId: user.province.id,
    unitId: user.unit?.id ?? null,
    areas: user.areas,
    reviewUnitIds: user.reviewUnitIds,
    evidenceAccess: user.evidenceAccess,
    via,
    sessionId: via === 'session' ? credentialId : null,
    tokenId: via === 'token' ? credentialId : null,
  };
}

/** Accounts, sign-in, sessions and API tokens. Stateless: every call takes the request's EntityManager. */
export class AuthService {
  constructor(private readonly options: AuthOptions = DEFAULT_AUTH_OPTIONS) {}

  /** Resolves a bearer token to its viewer in one query; never throws for a bad token. */
  async authenticate(
    em: EntityManager,
    token: string,
    now = new Date(),
  ): Promise<{ viewer: Viewer; failure: null } | { viewer: null; failure: AuthFailure }> {
    const tokenHash = hashToken(token);
    if (token.startsWith(SESSION_PREFIX)) {
      // One statement for every signed-in request: the session, its account, and the provinces the
      // account may read (its own and those merged into it), read as plain rows.
      const [s] = await em.getConnection().execute<
        { session_id: string; revoked_at: Date | null; expires_at: Date; user_id: string; username: string; role: Role; province_id: string; unit_id: string | null; areas: string[]; review_unit_ids: string[]; evidence_access: boolean; disabled_at: Date | null; readable: string[] }[]
      >(
        `select s.id as session_id, s.revoked_at, s.expires_at, u.id as user_id, u.username, u.role, u.province_id, u.unit_id,
                u.areas::text[] as areas, u.review_unit_ids::text[] as review_unit_ids, u.evidence_access, u.disabled_at,
                array(with recursive p(id) as (select u.province_id union select pr.id from province pr join p on pr.successor_id = p.id) select id::text from p) as readable
           from user_session s join app_user u on u.id = s.user_id
          where s.token_hash = ?`,
        [tokenHash],
        'all',
        em.getTransactionContext(),
      );
      if (!s) return { viewer: null, failure: 'invalid' };
      if (s.revoked_at) return { viewer: null, failure: 'revoked' };
      if (new Date(s.expires_at) <= now) return { viewer: null, failure: 'expired' };
      if (s.disabled_at) return { viewer: null, failure: 'disabled' };
      return {
        viewer: {
          userId: s.user_id,
          username: s.username,
          role: s.role,
          provinceId: s.province_id,
          unitId: s.unit_id,
          areas: s.areas as Area[],
          reviewUnitIds: s.review_unit_ids,
          evidenceAccess: s.evidence_access,
          via: 'session',
          sessionId: s.session_id,
          tokenId: null,
          readableProvinceIds: s.role === Role.NATIONAL_READER ? undefined : s.readable,
        },
        failure: null,
      };
    }
    if (token.startsWith(API_TOKEN_PREFIX)) {
      const t = await em.findOne(ApiToken, { tokenHash }, { populate: ['user'] });
      if (!t) return { viewer: null, failure: 'invalid' };
      if (t.revokedAt) return { viewer: null, failure: 'revoked' };
      if (t.expiresAt && t.expiresAt <= now) return { viewer: null, failure: 'expired' };
      if (t.user.disabledAt) return { viewer: null, failure: 'disabled' };
      // Record use at most once a minute, so a busy integration does not write on every request.
      if (!t.lastUsedAt || now.getTime() - t.lastUsedAt.getTime() > 60_000) {
        await em.nativeUpdate(ApiToken, { id: t.id }, { lastUsedAt: now });
      }
      return { viewer: toViewer(t.user, 'token', t.id), failure: null };
    }
    return { viewer: null, failure: 'invalid' };
  }

  /**
   * Checks a password and opens a session. Wrong passwords count towards a lockout; the count and
   * the lock are updated in one statement so parallel attempts cannot slip past the limit.
   */
  async login(em: EntityManager, username: string, password: string, now = new Date()) {
    const invalid = () =>
      new UserError(ErrorCode.INVALID_CREDENTIALS, 'Tên đăng nhập hoặc mật khẩu không đúng.');
    const user = await em.findOne(User, { username: username.trim().toLowerCase() });
    if (!user || !user.passwordHash) {
      await verifyPassword(await decoyHash(), password);
      throw invalid();
    }
    if (user.disabledAt) throw new UserError(ErrorCode.ACCOUNT_DISABLED, 'Tài khoản đã bị vô hiệu hóa.');
    if (user.lockedUntil && user.lockedUntil > now) throw this.locked(user.lockedUntil);

    if (!(await verifyPassword(user.passwordHash, password))) {
      const rows: { failed_logins: number; locked_until: Date | null }[] = await em.execute(
        `update app_user
            set failed_logins = case when locked_until is not null and locked_until <= ? then 1 else failed_logins + 1 end,
                locked_until = case
                  when (case when locked_until is not null and locked_until <= ? then 1 else failed_logins + 1 end) >= ?
                  then ?::timestamptz else null end
          where id = ?
          returning failed_logins, locked_until`,
        [now, now, this.options.maxFailedLogins, new Date(now.getTime() + this.options.lockMs), user.id],
      );
      const row = rows[0];
      if (row?.locked_until) throw this.locked(new Date(row.locked_until));
      const left = this.options.maxFailedLogins - (row?.failed_logins ?? 0);
      throw new UserError(
        ErrorCode.INVALID_CREDENTIALS,
        `Tên đăng nhập hoặc mật khẩu không đúng. Còn ${left} lần thử trước khi tài khoản bị khóa tạm thời.`,
        { attemptsLeft: left },
      );
    }

    const token = newSecret(SESSION_PREFIX);
    const session = em.create(Session, {
      user,
      province: user.province,
      tokenHash: hashToken(token),
      expiresAt: new Date(now.getTime() + this.options.sessionTtlMs),
    });
    user.failedLogins = 0;
    user.lockedUntil = null;
    user.lastLoginAt = now;
    await em.flush();
    return { token, session, user };
  }

  private locked(until: Date) {
    return new UserError(
      ErrorCode.ACCOUNT_LOCKED,
      `Tài khoản tạm thời bị khóa do nhập sai mật khẩu nhiều lần. Vui lòng thử lại sau ${fmtTime(until)} hoặc liên hệ quản trị viên.`,
      { lockedUntil: until.toISOString() },
    );
  }

  async logout(em: EntityManager, viewer: Viewer, now = new Date()): Promise<boolean> {
    if (!viewer.sessionId)
      throw badInput('Mã tích hợp (API token) không đăng xuất được; hãy thu hồi mã nếu không dùng nữa.');
    const n = await em.nativeUpdate(Session, { id: viewer.sessionId, revokedAt: null }, { revokedAt: now });
    return n > 0;
  }

  async changePassword(em: EntityManager, viewer: Viewer, current: string, next: string) {
    const user = await em.findOneOrFail(User, { id: viewer.userId });
    if (!user.passwordHash || !(await verifyPassword(user.passwordHash, current)))
      throw new UserError(ErrorCode.INVALID_CREDENTIALS, 'Mật khẩu hiện tại không đúng.');
    checkPassword(next);
    user.passwordHash = await hashPassword(next);
    // Every other session of this user ends; the current one stays.
    await em.nativeUpdate(
      Session,
      { user: user.id, revokedAt: null, id: { $ne: viewer.sessionId ?? '' } },
      { revokedAt: new Date() },
    );
    await em.flush();
    return true;
  }

  /** Creates an account; returns the initial password once (null for integration accounts). */
  async createUser(em: EntityManager, spec: CreateUserSpec) {
    const username = spec.username.trim().toLowerCase();
    if (!USERNAME.test(username))
      throw badInput(
        'Tên đăng nhập phải dài 3–64 ký tự, chỉ gồm chữ thường không dấu, số, dấu chấm, gạch dưới hoặc gạch ngang.',
        { field: 'username' },
      );
    const displayName = spec.displayName.trim();
    if (!displayName) throw badInput('Họ tên hoặc tên hiển thị không được để trống.', { field: 'displayName' });
    const province = await em.findOne(Province, { code: spec.provinceCode });
    if (!province) throw notFound(`Không tìm thấy tỉnh có mã "${spec.provinceCode}".`);

    let unit: Unit | null = null;
    if (spec.role === Role.UNIT) {
      if (!spec.unitCode)
        throw badInput('Tài khoản đơn vị phải gắn với một đơn vị (unitCode).', { field: 'unitCode' });
      unit = await em.findOne(Unit, { province, code: spec.unitCode });
      if (!unit) throw notFound(`Không tìm thấy đơn vị có mã "${spec.unitCode}" trong tỉnh ${province.name}.`);
    } else if (spec.unitCode) {
      throw badInput('Chỉ tài khoản đơn vị (UNIT) mới gắn với một đơn vị.', { field: 'unitCode' });
    }
    if (spec.evidenceAccess && spec.role !== Role.NATIONAL_READER)
      throw badInput('Chỉ tài khoản xem toàn quốc mới cần cấp riêng quyền tải tài liệu kiểm chứng.', { field: 'evidenceAccess' });
    const areas = spec.areas ?? [];
    if (areas.length && spec.role !== Role.REVIEWER)
      throw badInput('Chỉ thành viên tổ thẩm định (REVIEWER) mới được giao lĩnh vực.', { field: 'areas' });

    if (await em.count(User, { username }))
      throw conflict(`Tên đăng nhập "${username}" đã được sử dụng.`, { field: 'username' });

    let password: string | null = null;
    if (spec.role !== Role.INTEGRATION || spec.password) {
      password = spec.password ?? generatePassword();
      checkPassword(password);
    }
    const user = em.create(User, {
      username,
      displayName,
      role: spec.role,
      province,
      unit,
      areas: [...new Set(areas)],
      evidenceAccess: spec.evidenceAccess ?? false,
      passwordHash: password ? await hashPassword(password) : null,
    });
    await em.flush();
    return { user, password };
  }

  /** Sets a new random password, unlocks the account and ends its sessions. */
  async resetPassword(em: EntityManager, user: User, password = generatePassword()) {
    checkPassword(password);
    user.passwordHash = await hashPassword(password);
    user.failedLogins = 0;
    user.lockedUntil = null;
    await em.nativeUpdate(Session, { user: user.id, revokedAt: null }, { revokedAt: new Date() });
    await em.flush();
    return password;
  }

  /** Issues an API token for an integration account; the secret is returned once. */
  async createApiToken(em: EntityManager, user: User, name: string, expiresAt?: Date | null) {
    if (user.role !== Role.INTEGRATION)
      throw badInput('Mã API chỉ cấp cho tài khoản tích hợp (INTEGRATION).', { field: 'userId' });
    const label = name.trim();
    if (!label) throw badInput('Tên mã API không được để trống.', { field: 'name' });
    if (expiresAt && expiresAt <= new Date())
      throw badInput('Thời hạn của mã API phải ở tương lai.', { field: 'expiresAt' });
    const token = newSecret(API_TOKEN_PREFIX);
    const apiToken = em.create(ApiToken, {
      user,
      province: user.province,
      name: label,
      prefix: token.slice(0, 10),
      tokenHash: hashToken(token),
      expiresAt: expiresAt ?? null,
    });
    await em.flush();
    return { token, apiToken };
  }

  async revokeApiToken(em: EntityManager, apiToken: ApiToken, now = new Date()) {
    if (!apiToken.revokedAt) {
      apiToken.revokedAt = now;
      await em.flush();
    }
    return apiToken;
  }

  /** Loads a user of the viewer's province or fails with NOT_FOUND/FORBIDDEN. */
  async userInProvince(em: EntityManager, viewer: Viewer, id: string) {
    const user = await em.findOne(User, { id }, { populate: ['province'] });
    if (!user) throw notFound('Không tìm thấy tài khoản.');
    if (user.province.id !== viewer.provinceId) throw forbidden('Tài khoản này thuộc tỉnh khác.');
    return user;
  }
}

export function checkPassword(password: string) {
  if (password.length < MIN_PASSWORD_LENGTH)
    throw badInput(`Mật khẩu phải có ít nhất ${MIN_PASSWORD_LENGTH} ký tự.`, { field: 'password' });
  if (password.length > 200) throw badInput('Mật khẩu quá dài (tối đa 200 ký tự).', { field: 'password' });
}
