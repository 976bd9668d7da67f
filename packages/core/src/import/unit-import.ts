import type { EntityManager } from '@mikro-orm/postgresql';
import ExcelJS from 'exceljs';
import { AuthService, USERNAME } from '../auth/auth.service.js';
import { Role, ROLE_TITLES } from '../auth/role.js';
import { User } from '../auth/user.entity.js';
import { ErrorCode, UserError } from '../common/errors.js';
import { Area, AREA_TITLES } from '../criteria/area.js';
import { Province } from '../province/province.entity.js';
import { UnitKind, UNIT_KIND_TITLES } from '../unit/unit-kind.js';
import { UnitGroup } from '../unit/unit-group.entity.js';
import { Unit } from '../unit/unit.entity.js';
import { cellDate, cellText, openWorkbook, WORKBOOK_LIMITS } from './workbook.js';

/**
 * Import of units and accounts from the XLSX template (sheets "Đơn vị" and "Tài khoản"). Every
 * row is checked first and every problem reported with sheet, row and column; when any row is bad
 * nothing is written. Otherwise units are created or updated by code and accounts created, in one
 * transaction.
 */
export const UNIT_SHEET = 'Đơn vị';
export const ACCOUNT_SHEET = 'Tài khoản';
const UNIT_COLUMNS = ['Mã đơn vị', 'Tên đơn vị', 'Loại', 'Nhóm xếp hạng', 'Mã đơn vị cấp trên', 'Hiệu lực từ', 'Hiệu lực đến'] as const;
const ACCOUNT_COLUMNS = ['Tên đăng nhập', 'Họ tên', 'Vai trò', 'Mã đơn vị', 'Lĩnh vực thẩm định'] as const;
const CODE = /^[a-z0-9][a-z0-9-]{0,79}$/;

export interface ImportProblem {
  sheet: string;
  row: number;
  column: string;
  message: string;
}

export interface ImportResult {
  unitsCreated: number;
  unitsUpdated: number;
  accounts: { username: string; role: Role; initialPassword: string | null }[];
}

interface UnitRow {
  row: number;
  code: string;
  name: string;
  kind: UnitKind;
  group: string | null;
  parent: string | null;
  validFrom: string;
  validTo: string | null;
}
interface AccountRow {
  row: number;
  username: string;
  displayName: string;
  role: Role;
  unitCode: string | null;
  areas: Area[];
}

const norm = (s: string) => s.normalize('NFC').trim().toLowerCase();

/** Accepts the enum code (DEPARTMENT) or the Vietnamese title ("Sở, ban, ngành"). */
function lookup<T extends string>(text: string, titles: Readonly<Record<T, string>>): T | null {
  const t = norm(text);
  for (const [code, title] of Object.entries(titles) as [T, string][]) if (norm(code) === t || norm(title) === t) return code;
  return null;
}

function rowsOf(ws: ExcelJS.Worksheet | undefined, columns: readonly string[], problems: ImportProblem[]) {
  const out: { row: number; cells: ExcelJS.CellValue[] }[] = [];
  if (!ws) return out;
  const header = columns.map((_, i) => cellText(ws.getRow(1).getCell(i + 1).value));
  columns.forEach((c, i) => {
    if (norm(header[i] ?? '') !== norm(c))
      problems.push({ sheet: ws.name, row: 1, column: c, message: `Tiêu đề cột ${i + 1} phải là "${c}" (theo mẫu).` });
  });
  if (ws.rowCount - 1 > WORKBOOK_LIMITS.maxRows)
    problems.push({ sheet: ws.name, row: 1, column: '', message: `Tối đa ${WORKBOOK_LIMITS.maxRows} dòng mỗi trang tính.` });
  for (let r = 2; r <= Math.min(ws.rowCount, WORKBOOK_LIMITS.maxRows + 1); r++) {
    const cells = columns.map((_, i) => ws.getRow(r).getCell(i + 1).value);
    if (cells.every((c) => cellText(c) === '')) continue;
    out.push({ row: r, cells });
  }
  return out;
}

export async function importUnitsAndAccounts(em: EntityManager, provinceId: string, data: Buffer): Promise<ImportResult> {
  const wb = await openWorkbook(data);
  const problems: ImportProblem[] = [];
  const unitSheet = wb.getWorksheet(UNIT_SHEET);
  const accountSheet = wb.getWorksheet(ACCOUNT_SHEET);
  if (!unitSheet && !accountSheet)
    throw new UserError(ErrorCode.BAD_USER_INPUT, `Bảng tính phải có trang "${UNIT_SHEET}" và/hoặc "${ACCOUNT_SHEET}" theo mẫu.`, { field: 'file' });

  const province = await em.findOneOrFail(Province, { id: provinceId });
  const groups = new Map((await em.find(UnitGroup, { province })).map((g) => [g.code, g]));
  const existing = new Map((await em.find(Unit, { province })).map((u) => [u.code, u]));

  // Units
  const units: UnitRow[] = [];
  const seen = new Map<string, number>();
  for (const { row, cells } of rowsOf(unitSheet, UNIT_COLUMNS, problems)) {
    const bad = (column: string, message: string) => problems.push({ sheet: UNIT_SHEET, row, column, message });
    const [code, name, kindText, group, parent] = cells.slice(0, 5).map(cellText) as [string, string, string, string, string];
    if (!CODE.test(code)) bad('Mã đơn vị', code ? `Mã "${code}" chỉ được gồm chữ thường không dấu, số và gạch ngang.` : 'Thiếu mã đơn vị.');
    else if (seen.has(code)) bad('Mã đơn vị', `Mã "${code}" trùng với dòng ${seen.get(code)}.`);
    else seen.set(code, row);
    if (!name) bad('Tên đơn vị', 'Thiếu tên đơn vị.');
    const kind = lookup(kindText, UNIT_KIND_TITLES);
    if (!kind) bad('Loại', `Loại "${kindText}" không hợp lệ; dùng một trong: ${Object.values(UNIT_KIND_TITLES).join('; ')}.`);
    if (group && !groups.has(group)) bad('Nhóm xếp hạng', `Tỉnh chưa có nhóm xếp hạng "${group}".`);
    if (parent && parent === code) bad('Mã đơn vị cấp trên', 'Đơn vị không thể là cấp trên của chính nó.');
    const from = cellDate(cells[5] ?? null);
    const to = cellDate(cells[6] ?? null);
    if (from === null) bad('Hiệu lực từ', 'Thiếu ngày bắt đầu hiệu lực.');
    else if (typeof from === 'object') bad('Hiệu lực từ', from.error);
    if (to && typeof to === 'object') bad('Hiệu lực đến', to.error);
    if (typeof from === 'string' && typeof to === 'string' && to < from) bad('Hiệu lực đến', 'Ngày hết hiệu lực phải sau ngày bắt đầu.');
    if (kind && typeof from === 'string' && (to === null || typeof to === 'string'))
      units.push({ row, code, name, kind, group: group || null, parent: parent || null, validFrom: from, validTo: to });
  }
  for (const u of units)
    if (u.parent && !seen.has(u.parent) && !existing.has(u.parent))
      problems.push({ sheet: UNIT_SHEET, row: u.row, column: 'Mã đơn vị cấp trên', message: `Không có đơn vị "${u.parent}" trong tệp hoặc trong tỉnh.` });

  // Accounts
  const accounts: AccountRow[] = [];
  const names = new Map<string, number>();
  const accountRows = rowsOf(accountSheet, ACCOUNT_COLUMNS, problems);
  const taken = new Set(
    (await em.find(User, { username: { $in: accountRows.map((r) => cellText(r.cells[0] ?? null).toLowerCase()) } })).map((u) => u.username),
  );
  for (const { row, cells } of accountRows) {
    const bad = (column: string, message: string) => problems.push({ sheet: ACCOUNT_SHEET, row, column, message });
    const [rawName, displayName, roleText, unitCode, areaText] = cells.map(cellText) as [string, string, string, string, string];
    const username = rawName.toLowerCase();
    if (!USERNAME.test(username)) bad('Tên đăng nhập', `Tên đăng nhập "${rawName}" phải dài 3–64 ký tự, chữ thường không dấu, số, dấu chấm, gạch dưới hoặc gạch ngang.`);
    else if (names.has(username)) bad('Tên đăng nhập', `Trùng với dòng ${names.get(username)}.`);
    else if (taken.has(username)) bad('Tên đăng nhập', `Tên đăng nhập "${username}" đã được sử dụng.`);
    names.set(username, row);
    if (!displayName) bad('Họ tên', 'Thiếu họ tên.');
    const role = lookup(roleText, ROLE_TITLES);
    if (!role) bad('Vai trò', `Vai trò "${roleText}" không hợp lệ; dùng một trong: ${Object.keys(ROLE_TITLES).join(', ')}.`);
    if (role === Role.UNIT && !unitCode) bad('Mã đơn vị', 'Tài khoản đơn vị phải có mã đơn vị.');
    if (role && role !== Role.UNIT && unitCode) bad('Mã đơn vị', 'Chỉ tài khoản đơn vị (UNIT) mới gắn với đơn vị.');
    if (unitCode && !seen.has(unitCode) && !existing.has(unitCode)) bad('Mã đơn vị', `Không có đơn vị "${unitCode}" trong tệp hoặc trong tỉnh.`);
    const areas: Area[] = [];
    for (const a of areaText.split(/[,;]/).map((x) => x.trim()).filter(Boolean)) {
      const area = lookup(a, AREA_TITLES);
      if (!area) bad('Lĩnh vực thẩm định', `Lĩnh vực "${a}" không hợp lệ; dùng một trong: ${Object.keys(AREA_TITLES).join(', ')}.`);
      else areas.push(area);
    }
    if (areas.length && role !== Role.REVIEWER) bad('Lĩnh vực thẩm định', 'Chỉ thành viên tổ thẩm định (REVIEWER) mới được giao lĩnh vực.');
    if (role) accounts.push({ row, username, displayName, role, unitCode: unitCode || null, areas });
  }

  if (problems.length) {
    problems.sort((a, b) => a.sheet.localeCompare(b.sheet) || a.row - b.row);
    throw new UserError(
      ErrorCode.BAD_USER_INPUT,
      `Bảng tính có ${problems.length} lỗi ở ${new Set(problems.map((p) => `${p.sheet}:${p.row}`)).size} dòng; chưa có dữ liệu nào được ghi. Sửa các dòng được liệt kê rồi nhập lại.`,
      { field: 'file', problems },
    );
  }

  const auth = new AuthService();
  return em.transactional(async (tx) => {
    const byCode = new Map((await tx.find(Unit, { province })).map((u) => [u.code, u]));
    let unitsCreated = 0;
    let unitsUpdated = 0;
    for (const r of units) {
      const fields = { name: r.name, kind: r.kind, group: r.group ? groups.get(r.group)! : null, validFrom: r.validFrom, validTo: r.validTo };
      const found = byCode.get(r.code);
      if (found) {
        tx.assign(found, fields);
        unitsUpdated++;
      } else {
        byCode.set(r.code, tx.create(Unit, { province, code: r.code, ...fields }));
        unitsCreated++;
      }
    }
    for (const r of units) byCode.get(r.code)!.parent = r.parent ? byCode.get(r.parent)! : null;
    await tx.flush();
    const created: ImportResult['accounts'] = [];
    for (const a of accounts) {
      const { user, password } = await auth.createUser(tx, {
        provinceCode: province.code,
        username: a.username,
        displayName: a.displayName,
        role: a.role,
        unitCode: a.unitCode,
        areas: a.areas,
      });
      created.push({ username: user.username, role: user.role, initialPassword: password });
    }
    return { unitsCreated, unitsUpdated, accounts: created };
  });
}

/** The import template, with an instructions sheet listing the province's groups and allowed values. */
export async function unitImportTemplate(em: EntityManager, provinceId: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Nền tảng Chỉ số CCHC';
  const header = (ws: ExcelJS.Worksheet, cols: readonly string[]) => {
    ws.addRow([...cols]).font = { bold: true };
    cols.forEach((c, i) => (ws.getColumn(i + 1).width = Math.max(16, c.length + 4)));
    ws.views = [{ state: 'frozen', ySplit: 1 }];
  };
  const units = wb.addWorksheet(UNIT_SHEET);
  header(units, UNIT_COLUMNS);
  units.addRow(['so-tu-phap', 'Sở Tư pháp', UNIT_KIND_TITLES[UnitKind.DEPARTMENT], 'so-nganh', '', '01/01/2000', '']);
  const accounts = wb.addWorksheet(ACCOUNT_SHEET);
  header(accounts, ACCOUNT_COLUMNS);
  accounts.addRow(['sotuphap.canbo', 'Nguyễn Văn A', Role.UNIT, 'so-tu-phap', '']);
  const help = wb.addWorksheet('Hướng dẫn');
  help.getColumn(1).width = 30;
  help.getColumn(2).width = 60;
  help.addRow(['Quy tắc', 'Mỗi dòng một đơn vị hoặc một tài khoản. Đơn vị có mã đã có sẽ được cập nhật; tài khoản phải là tài khoản mới. Nếu có dòng lỗi, không dữ liệu nào được ghi.']);
  help.addRow(['Ngày', 'dd/mm/yyyy; "Hiệu lực đến" để trống nếu đơn vị đang hoạt động.']);
  help.addRow([]);
  help.addRow(['Loại đơn vị']).font = { bold: true };
  for (const [code, title] of Object.entries(UNIT_KIND_TITLES)) help.addRow([title, code]);
  help.addRow([]);
  help.addRow(['Nhóm xếp hạng của tỉnh']).font = { bold: true };
  for (const g of await em.find(UnitGroup, { province: provinceId }, { orderBy: { code: 'asc' } })) help.addRow([g.code, g.name]);
  help.addRow([]);
  help.addRow(['Vai trò']).font = { bold: true };
  for (const [code, title] of Object.entries(ROLE_TITLES)) help.addRow([code, title]);
  help.addRow([]);
  help.addRow(['Lĩnh vực thẩm định']).font = { bold: true };
  for (const [code, title] of Object.entries(AREA_TITLES)) help.addRow([code, title]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
