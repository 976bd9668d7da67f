export { createTestDatabase, sql, type TestDatabase } from './database.js';
export { seedAccount, seedProvince, type SeededAccount } from './factories.js';
export { startTestServer, type GraphqlResult, type TestServer } from './server.js';
