import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { request, session, whenSignedOut } from './api.ts';
import { graphql, type ResultOf } from './graphql.ts';
import { Login } from './Login.tsx';
import { UnitWorkspace } from './UnitWorkspace.tsx';
import { AdminDeadlines } from './AdminDeadlines.tsx';
import { AdminPeople } from './AdminPeople.tsx';
import { AdminSeason } from './AdminSeason.tsx';
import { Results } from './Results.tsx';
import { ReviewerWorkspace } from './ReviewerWorkspace.tsx';
import { Council } from './Council.tsx';
import { Inspector } from './Inspector.tsx';

export const ME = graphql(`
  query Me {
    me { id username displayName role province { code name } unit { id name } }
  }
`);
export type Me = NonNullable<ResultOf<typeof ME>['me']>;

const LOGOUT = graphql(`mutation Logout { logout }`);

export function App() {
  const [me, setMe] = useState<Me | null>(null);
  const [loading, setLoading] = useState(!!session.get());
  const [ended, setEnded] = useState<string | null>(null);
  useEffect(() => {
    whenSignedOut((message) => {
      setMe(null);
      setEnded(message);
    });
  }, []);
  const load = useCallback(async () => {
    if (!session.get()) return setLoading(false);
    try {
      setMe((await request(ME)).me ?? null);
    } catch {
      session.clear();
      setMe(null);
    } finally {
      setLoading(false);
    }
  }, []);
  useEffect(() => void load(), [load]);

  const signOut = async () => {
    await request(LOGOUT).catch(() => undefined);
    session.clear();
    setMe(null);
  };

  if (loading) return <p className="centered">Đang tải…</p>;
  if (!me)
    return (
      <Login
        notice={ended}
        onSignedIn={() => {
          setEnded(null);
          void load();
        }}
      />
    );
  return (
    <div className="app">
      <header className="topbar">
        <strong>Chỉ số cải cách hành chính — {me.province.name}</strong>
        <span className="who">
          {me.displayName}
          {me.unit ? ` · ${me.unit.name}` : ''}
        </span>
        <button type="button" onClick={signOut}>
          Đăng xuất
        </button>
      </header>
      <main>
        {me.role === 'UNIT' ? (
          <UnitWorkspace me={me} />
        ) : me.role === 'ADMIN' ? (
          <Admin me={me} />
        ) : me.role === 'REVIEWER' ? (
          <ReviewerWorkspace />
        ) : me.role === 'COUNCIL_MEMBER' ? (
          <Tabbed label="Chức năng Hội đồng" tabs={COUNCIL_TABS} render={(k) => (k === 'council' ? <Council username={me.username} canDecide={false} /> : <Results />)} />
        ) : me.role === 'INSPECTOR' ? (
          <Tabbed label="Chức năng Đoàn kiểm tra" tabs={INSPECTOR_TABS} render={(k) => (k === 'inspections' ? <Inspector /> : <Results />)} />
        ) : (
          <Results />
        )}
      </main>
    </div>
  );
}

const ADMIN_TABS = [
  ['deadlines', 'Thời hạn'],
  ['people', 'Tài khoản và đơn vị'],
  ['season', 'Thẩm định, hội đồng, lịch'],
  ['council', 'Hội đồng, công bố'],
  ['results', 'Kết quả xếp hạng'],
] as const;
const COUNCIL_TABS = [
  ['council', 'Biểu quyết của Hội đồng'],
  ['results', 'Kết quả xếp hạng'],
] as const;
const INSPECTOR_TABS = [
  ['inspections', 'Kiểm tra CCHC'],
  ['results', 'Kết quả xếp hạng'],
] as const;

/** A row of tabs (the admin's pattern) over one screen at a time. */
function Tabbed<K extends string>({ label, tabs, render }: { label: string; tabs: readonly (readonly [K, string])[]; render: (k: K) => ReactNode }) {
  const [tab, setTab] = useState<K>(tabs[0]![0]);
  return (
    <>
      <nav className="tabs" aria-label={label}>
        {tabs.map(([k, t]) => (
          <button key={k} type="button" aria-current={tab === k ? 'page' : undefined} onClick={() => setTab(k)}>
            {t}
          </button>
        ))}
      </nav>
      {render(tab)}
    </>
  );
}

function Admin({ me }: { me: Me }) {
  return (
    <Tabbed
      label="Chức năng quản trị"
      tabs={ADMIN_TABS}
      render={(k) =>
        k === 'deadlines' ? <AdminDeadlines /> : k === 'people' ? <AdminPeople /> : k === 'season' ? <AdminSeason /> : k === 'council' ? <Council username={me.username} canDecide /> : <Results />
      }
    />
  );
}
