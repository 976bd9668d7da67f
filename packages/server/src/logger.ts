import { pino, type Logger } from 'pino';

export type { Logger };

/** Structured JSON logs; secrets (tokens, passwords) are redacted wherever they appear in log objects. */
export function createLogger(level = 'info'): Logger {
  return pino({
    level,
    base: { service: 'par' },
    redact: {
      paths: ['password', '*.password', 'token', '*.token', 'req.headers.authorization', 'headers.authorization'],
      censor: '[redacted]',
    },
  });
}
