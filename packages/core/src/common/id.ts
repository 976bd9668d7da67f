import { badInput } from './errors.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Validates an `ID` argument before it reaches SQL, so a malformed id is a user error, not a crash. */
export function parseId(id: string, field = 'id'): string {
  if (!UUID.test(id)) throw badInput(`Mã định danh "${id.slice(0, 64)}" không hợp lệ.`, { field });
  return id.toLowerCase();
}
