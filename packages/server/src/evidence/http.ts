import type { Request, Response } from 'express';

/** Sends the platform's error shape: `{ errors: [{ message, extensions: { code, … } }] }`. */
export function sendError(res: Response, status: number, code: string, message: string, extra: Record<string, unknown> = {}): void {
  res.status(status).json({ errors: [{ message, extensions: { code, ...extra } }] });
}

/**
 * Lets the unread rest of a request body be read and thrown away, so that the client (which may
 * still be sending) receives the response instead of a connection reset; past `limit` bytes the
 * connection is closed instead.
 */
export function discardRestOfBody(req: Request, limit: number): void {
  if (req.complete || req.destroyed) return;
  let discarded = 0;
  req.on('data', (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > limit) req.socket.destroy();
  });
  req.on('error', () => undefined);
  req.resume();
}

const sizeFormat = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 1 });

/** "20 MB", "1,5 MB", "64 KB" (Vietnamese decimal comma). */
export function formatSize(bytes: number): string {
  const MiB = 1024 * 1024;
  return bytes >= MiB ? `${sizeFormat.format(bytes / MiB)} MB` : `${sizeFormat.format(bytes / 1024)} KB`;
}
