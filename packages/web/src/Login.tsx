import { useState, type FormEvent } from 'react';
import { ApiError, request, session } from './api.ts';
import { graphql } from './graphql.ts';

const LOGIN = graphql(`
  mutation Login($input: LoginInput!) {
    login(input: $input) { token expiresAt }
  }
`);

export function Login({ onSignedIn, notice }: { onSignedIn: () => void; notice?: string | null }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const r = await request(LOGIN, { input: { username: username.trim(), password } });
      session.set(r.login.token);
      onSignedIn();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Không đăng nhập được.');
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="login" onSubmit={submit} aria-labelledby="login-title">
      <h1 id="login-title">Đăng nhập</h1>
      {notice && !error && (
        <p role="status" className="error">
          {notice}
        </p>
      )}
      <label>
        Tên đăng nhập
        <input name="username" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} required />
      </label>
      <label>
        Mật khẩu
        <input name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
      </label>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <button type="submit" disabled={busy}>
        {busy ? 'Đang đăng nhập…' : 'Đăng nhập'}
      </button>
    </form>
  );
}
