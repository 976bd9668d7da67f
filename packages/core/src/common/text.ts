/** Vietnamese text compared as people read it: NFC, lower-case (vi), single spaces. */
export const normalizeText = (s: string) => s.normalize('NFC').toLocaleLowerCase('vi').replace(/\s+/g, ' ').trim();

/** An ASCII file-name slug of Vietnamese text: "Sở Tư pháp" → "so-tu-phap". */
export const asciiSlug = (s: string) =>
  s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '').toLowerCase();
