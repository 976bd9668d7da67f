#!/usr/bin/env node
import 'reflect-metadata';
import { loadConfig } from './config.js';
import { formatDemoCredentials } from './demo/demo.service.js';
import { createLogger } from './logger.js';
import { PortInUseError, startPlatform, type Platform } from './platform.js';

const config = (() => {
  try {
    return loadConfig();
  } catch (e) {
    process.stderr.write(`Configuration error: ${(e as Error).message}\n`);
    process.exit(2);
  }
})();
const logger = createLogger(config.logLevel);

let platform: Platform | null = null;
let stopping = false;

async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'shutting down');
  const force = setTimeout(() => {
    logger.error('shutdown took longer than 20 s, exiting');
    process.exit(1);
  }, 20_000);
  force.unref();
  try {
    await platform?.stop();
    logger.info('stopped');
    process.exit(0);
  } catch (err) {
    logger.error({ err }, 'error during shutdown');
    process.exit(1);
  }
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

try {
  platform = await startPlatform(config, logger);
  if (platform.demoCredentials) process.stdout.write(formatDemoCredentials(platform.demoCredentials) + '\n');
  logger.info(
    { url: `${platform.url}/graphql`, database: config.databaseUrl ? 'DATABASE_URL' : `embedded (${config.dataDir})` },
    `PAR Index platform ready at ${platform.url}/graphql`,
  );
  if (stopping) await platform.stop();
} catch (err) {
  if (err instanceof PortInUseError) {
    process.stderr.write(`${err.message}\n`);
  } else {
    logger.fatal({ err }, 'failed to start');
  }
  process.exit(1);
}
