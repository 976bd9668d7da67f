import { publicFinanceArea } from '@par/area-public-finance';
import { Area, Band, definePreset, type Preset } from '@par/core';

/**
 * Kon Tum: the national preset (whose areas follow Kon Tum's report outline 1871/KH-UBND) with
 * area 6 assessed by Sở Tài chính as the outline's footnote says (its own plugin id, same
 * criteria), and bands with Xuất sắc from 90 (inferred: departments at 93.73 were Xuất sắc in
 * 2022; the other thresholds are ILLUSTRATIVE).
 */
export function konTumPreset(national: Preset): Preset {
  return definePreset({
    id: 'kon-tum',
    title: 'Bộ chỉ số CCHC tỉnh Kon Tum',
    version: '2024.1.0',
    province: 'kon-tum',
    extends: national,
    areas: { [Area.PUBLIC_FINANCE]: publicFinanceArea({ id: 'kon-tum/area-public-finance', version: '2024.1.0' }) },
    bands: [
      { band: Band.EXCELLENT, minIndex: '90' },
      { band: Band.GOOD, minIndex: '80' },
      { band: Band.FAIR, minIndex: '65' },
      { band: Band.AVERAGE, minIndex: '50' },
      { band: Band.WEAK, minIndex: '0' },
    ],
    notes:
      'Kế thừa preset quốc gia (các lĩnh vực theo đề cương Kế hoạch 1871/KH-UBND); lĩnh vực 6 do Sở Tài chính đánh giá. Ngưỡng Xuất sắc 90 suy ra từ kết quả 2022 (93,73 điểm xếp Xuất sắc); các ngưỡng khác là minh họa.',
  });
}
