import type { TadaDocumentNode } from 'gql.tada';
import { print } from '@0no-co/graphql.web';

const TOKEN_KEY = 'par.session';
export const session = {
  get: () => sessionStorage.getItem(TOKEN_KEY),
  set: (token: string) => sessionStorage.setItem(TOKEN_KEY, token),
  clear: () => sessionStorage.removeItem(TOKEN_KEY),
};

/** What people read when the API refuses: by stable code; the server's Vietnamese message is kept when it is more precise. */
const BY_CODE: Record<string, string> = {
  UNAUTHENTICATED: 'Phiên đăng nhập đã hết hạn hoặc không hợp lệ. Vui lòng đăng nhập lại.',
  FORBIDDEN: 'Bạn không có quyền thực hiện thao tác này.',
  STALE_VERSION: 'Dữ liệu vừa được người khác thay đổi. Trang đã tải lại bản mới nhất; hãy kiểm tra rồi lưu lại.',
  PHASE_CLOSED: 'Giai đoạn này đã hết hạn; phiếu chỉ còn xem được.',
  RATE_LIMITED: 'Bạn thao tác quá nhanh; vui lòng đợi giây lát rồi thử lại.',
  INTERNAL_SERVER_ERROR: 'Đã xảy ra lỗi hệ thống. Vui lòng thử lại sau hoặc liên hệ quản trị viên.',
};

/** Called when the API says the session is over (expired, revoked): the app returns to sign-in. */
let onSignedOut: ((message: string) => void) | null = null;
export const whenSignedOut = (fn: (message: string) => void) => (onSignedOut = fn);

export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly extensions: Record<string, unknown>,
  ) {
    super(message);
  }
  /** Itemised problems (submission, imports), when the server lists them. */
  get problems(): { message: string }[] {
    return (this.extensions.problems as { message: string }[] | undefined) ?? [];
  }
}

export async function request<R, V>(doc: TadaDocumentNode<R, V>, variables?: V): Promise<R> {
  const token = session.get();
  let res: Response;
  try {
    res = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query: print(doc), variables: variables ?? {} }),
    });
  } catch {
    throw new ApiError('Không kết nối được máy chủ. Kiểm tra mạng rồi thử lại.', 'NETWORK', {});
  }
  const body = (await res.json().catch(() => ({}))) as { data?: R; errors?: { message: string; extensions?: Record<string, unknown> }[] };
  const e = body.errors?.[0];
  if (e) {
    const code = String(e.extensions?.code ?? 'INTERNAL_SERVER_ERROR');
    if (code === 'UNAUTHENTICATED' && token) {
      session.clear();
      onSignedOut?.(e.message);
    }
    const message = code === 'BAD_USER_INPUT' || code === 'CONFLICT' || code === 'NOT_FOUND' ? e.message : (BY_CODE[code] ?? e.message);
    throw new ApiError(message, code, e.extensions ?? {});
  }
  return body.data as R;
}

/** Uploads a file with progress (fetch has no upload progress); resolves the EvidenceFile id. */
export function upload(file: File, onProgress: (share: number) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/evidence/upload');
    xhr.setRequestHeader('authorization', `Bearer ${session.get() ?? ''}`);
    xhr.setRequestHeader('content-type', file.type || 'application/octet-stream');
    xhr.setRequestHeader('x-file-name', encodeURIComponent(file.name));
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onload = () => {
      const body = JSON.parse(xhr.responseText || '{}') as { id?: string; errors?: { message: string }[] };
      if (xhr.status >= 200 && xhr.status < 300 && body.id) resolve(body.id);
      else reject(new ApiError(body.errors?.[0]?.message ?? `Tải tệp không thành công (mã ${xhr.status}).`, 'UPLOAD', {}));
    };
    xhr.onerror = () => reject(new ApiError('Không kết nối được máy chủ khi tải tệp.', 'NETWORK', {}));
    xhr.send(file);
  });
}
