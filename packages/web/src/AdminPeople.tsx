import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { ApiError, request } from './api.ts';
import { graphql, type ResultOf } from './graphql.ts';
import { downloadBase64, fileToBase64, Notice, type NoticeState } from './ui.tsx';

const USERS = graphql(`query Users { users(first: 100) { totalCount nodes { id username displayName role } } }`);
const CREATE_USER = graphql(`mutation CreateUser($input: CreateUserInput!) { createUser(input: $input) { initialPassword user { username } } }`);
const TEMPLATE = graphql(`query UnitTemplate { unitImportTemplate }`);
const IMPORT = graphql(`mutation ImportUnits($input: ImportUnitsInput!) { importUnits(input: $input) { unitsCreated unitsUpdated accounts { username role initialPassword } } }`);

const ROLES: [string, string][] = [
  ['UNIT', 'Cơ quan, đơn vị tự đánh giá'],
  ['REVIEWER', 'Thành viên tổ thẩm định'],
  ['COUNCIL_MEMBER', 'Thành viên Hội đồng thẩm định'],
  ['INSPECTOR', 'Thành viên đoàn kiểm tra'],
  ['INTEGRATION', 'Hệ thống tích hợp'],
  ['ADMIN', 'Quản trị cấp tỉnh'],
];
const roleTitle = (r: string) => ROLES.find(([k]) => k === r)?.[1] ?? r;

/** Accounts and units: the province's users, a new account, and the units-and-accounts XLSX import. */
export function AdminPeople() {
  const [users, setUsers] = useState<ResultOf<typeof USERS>['users']['nodes']>([]);
  const [notice, setNotice] = useState<NoticeState>(null);
  const load = useCallback(async () => setUsers((await request(USERS)).users.nodes), []);
  useEffect(() => void load().catch((e: Error) => setNotice({ kind: 'error', text: e.message })), [load]);

  const create = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    setNotice(null);
    try {
      const r = await request(CREATE_USER, {
        input: { username: String(f.get('username')), displayName: String(f.get('displayName')), role: String(f.get('role')) as never, unitCode: String(f.get('unitCode') || '') || null },
      });
      setNotice({ kind: 'ok', text: `Đã tạo tài khoản ${r.createUser.user.username}.${r.createUser.initialPassword ? ` Mật khẩu ban đầu (chỉ hiện một lần): ${r.createUser.initialPassword}` : ''}` });
      await load();
    } catch (err) {
      setNotice({ kind: 'error', text: (err as Error).message });
    }
  };

  const importFile = async (file: File) => {
    setNotice(null);
    try {
      const r = (await request(IMPORT, { input: { fileBase64: await fileToBase64(file) } })).importUnits;
      setNotice({
        kind: 'ok',
        text: `Đã nhập: ${r.unitsCreated} đơn vị mới, ${r.unitsUpdated} đơn vị cập nhật, ${r.accounts.length} tài khoản.`,
        items: r.accounts.map((a) => `${a.username} (${roleTitle(a.role)})${a.initialPassword ? `: ${a.initialPassword}` : ''}`),
      });
      await load();
    } catch (err) {
      const items = err instanceof ApiError ? (err.extensions.problems as { sheet: string; row: number; column: string; message: string }[] | undefined)?.map((p) => `${p.sheet}, dòng ${p.row}${p.column ? `, cột "${p.column}"` : ''}: ${p.message}`) : undefined;
      setNotice({ kind: 'error', text: (err as Error).message, items });
    }
  };

  return (
    <section aria-labelledby="people-title">
      <h1 id="people-title">Tài khoản và đơn vị</h1>
      <Notice state={notice} />
      <h2>Nhập đơn vị và tài khoản từ Excel</h2>
      <p>
        <button type="button" onClick={async () => downloadBase64((await request(TEMPLATE)).unitImportTemplate, 'mau-nhap-don-vi.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')}>
          Tải tệp mẫu
        </button>{' '}
        <label className="upload">
          Chọn tệp đã điền (.xlsx)
          <input type="file" accept=".xlsx" onChange={(e) => e.target.files?.[0] && void importFile(e.target.files[0]).then(() => (e.target.value = ''))} />
        </label>
      </p>
      <h2>Thêm tài khoản</h2>
      <form className="extend" onSubmit={create}>
        <label>
          Tên đăng nhập
          <input name="username" required pattern="[a-z0-9][a-z0-9._\-]{2,63}" title="3–64 ký tự: chữ thường không dấu, số, dấu chấm, gạch dưới, gạch ngang" />
        </label>
        <label>
          Họ tên
          <input name="displayName" required />
        </label>
        <label>
          Vai trò
          <select name="role">
            {ROLES.map(([k, t]) => (
              <option key={k} value={k}>
                {t}
              </option>
            ))}
          </select>
        </label>
        <label>
          Mã đơn vị (với tài khoản đơn vị)
          <input name="unitCode" placeholder="ví dụ so-tu-phap" />
        </label>
        <button type="submit">Tạo tài khoản</button>
      </form>
      <h2>Tài khoản của tỉnh ({users.length})</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">Tên đăng nhập</th>
            <th scope="col">Họ tên</th>
            <th scope="col">Vai trò</th>
          </tr>
        </thead>
        <tbody>
          {users.map((u) => (
            <tr key={u.id}>
              <td>{u.username}</td>
              <td>{u.displayName}</td>
              <td>{roleTitle(u.role)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
