import { registerEnumType } from 'type-graphql';

/** Ranking bands, best first. Thresholds are the province's data (presets), not code. */
export enum Band {
  EXCELLENT = 'EXCELLENT',
  GOOD = 'GOOD',
  FAIR = 'FAIR',
  AVERAGE = 'AVERAGE',
  WEAK = 'WEAK',
}

export const BAND_LABELS: Readonly<Record<Band, string>> = {
  [Band.EXCELLENT]: 'Xuất sắc',
  [Band.GOOD]: 'Tốt',
  [Band.FAIR]: 'Khá',
  [Band.AVERAGE]: 'Trung bình',
  [Band.WEAK]: 'Yếu',
};

const ORDER: readonly Band[] = [Band.EXCELLENT, Band.GOOD, Band.FAIR, Band.AVERAGE, Band.WEAK];

/** The worse of bands (Yếu is the worst); null when there is none. */
export function worstBand(bands: Iterable<Band | null | undefined>): Band | null {
  let worst = -1;
  for (const b of bands) if (b) worst = Math.max(worst, ORDER.indexOf(b));
  return worst < 0 ? null : ORDER[worst]!;
}

registerEnumType(Band, {
  name: 'Band',
  description: 'Xếp loại: Xuất sắc / Tốt / Khá / Trung bình / Yếu.',
  valuesConfig: Object.fromEntries(ORDER.map((b) => [b, { description: BAND_LABELS[b] }])) as Record<Band, { description: string }>,
});
