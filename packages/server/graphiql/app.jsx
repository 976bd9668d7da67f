// GraphiQL bundled at build time from the project's own dependencies: no CDN, so it works on
// offline provincial intranets. Paste `{"Authorization": "Bearer <token>"}` in the Headers tab.
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import React from 'react';
import { createRoot } from 'react-dom/client';
import 'graphiql/graphiql.css';

const fetcher = createGraphiQLFetcher({ url: new URL('/graphql', window.location.href).toString() });

const defaultQuery = `# Nền tảng Chỉ số CCHC (PAR Index) — GraphQL
#
# 1. Đăng nhập: chạy mutation "login" bên dưới với tài khoản minh họa
#    (mật khẩu được in một lần khi khởi động lần đầu).
# 2. Dán mã nhận được vào tab Headers: {"Authorization": "Bearer ses_..."}
# 3. Chạy query "me".

mutation login {
  login(input: { username: "admin.khanhhoa", password: "..." }) {
    token
    expiresAt
  }
}

query me {
  me { username displayName role province { name units { name kind } } }
}
`;

createRoot(document.getElementById('graphiql')).render(
  React.createElement(GraphiQL, { fetcher, defaultQuery, defaultEditorToolsVisibility: true }),
);
