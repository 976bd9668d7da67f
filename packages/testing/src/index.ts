export { createTestDatabase, sql, type TestDatabase } from './database.js';
export { seedAccount, seedProvince, type SeededAccount } from './factories.js';
export { runPluginContract } from './plugin-contract.js';
export { startTestServer, type GraphqlResult, type TestServer } from './server.js';
