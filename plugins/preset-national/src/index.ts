import { civilServiceArea } from '@par/area-civil-service';
import { digitalGovernmentArea } from '@par/area-digital-government';
import { institutionsArea } from '@par/area-institutions';
import { leadershipArea } from '@par/area-leadership';
import { organizationArea } from '@par/area-organization';
import { proceduresArea } from '@par/area-procedures';
import { publicFinanceArea } from '@par/area-public-finance';
import { Area, areaTree, Band, definePreset, leaf, type PartDef, type Preset } from '@par/core';

/**
 * The impact part of the national index: SIPAS 10 + leader/manager survey 22 + socio-economic
 * impact 6.5 = 38.5 (REAL: the structure of Kon Tum's 2023 result, DOMAIN.md).
 */
export const NATIONAL_IMPACT: PartDef = {
  id: 'national/impact',
  version: '1.0.0',
  title: 'Tác động của cải cách hành chính',
  tree: areaTree('8', 'Tác động của cải cách hành chính', [
    leaf('8.1', 'Chỉ số hài lòng của người dân, tổ chức (SIPAS)', '10', { kind: 'survey', indicator: 'SATISFACTION' }),
    leaf('8.2', 'Khảo sát lãnh đạo, quản lý về công tác cải cách hành chính', '22', { kind: 'survey', indicator: 'LEADER_SURVEY' }),
    leaf('8.3', 'Tác động của cải cách hành chính đến phát triển kinh tế - xã hội', '6.5', { kind: 'manual' }),
  ]),
};

/**
 * The national default preset: the seven national area plugins (appraised part 61.5) plus the
 * impact part (38.5), total 100. Bands: 90 / 80 / 70 are the national groups A / B / C; the
 * Trung bình threshold 50 and the phase defaults are ILLUSTRATIVE.
 */
export function nationalPreset(): Preset {
  return definePreset({
    id: 'national',
    title: 'Bộ chỉ số quốc gia (mặc định)',
    version: '1.0.0',
    province: null,
    areas: {
      [Area.LEADERSHIP]: leadershipArea(),
      [Area.INSTITUTIONS]: institutionsArea(),
      [Area.PROCEDURES]: proceduresArea(),
      [Area.ORGANIZATION]: organizationArea(),
      [Area.CIVIL_SERVICE]: civilServiceArea(),
      [Area.PUBLIC_FINANCE]: publicFinanceArea(),
      [Area.DIGITAL_GOVERNMENT]: digitalGovernmentArea(),
    },
    impact: NATIONAL_IMPACT,
    rescaleWithoutImpact: true,
    bands: [
      { band: Band.EXCELLENT, minIndex: '90' },
      { band: Band.GOOD, minIndex: '80' },
      { band: Band.FAIR, minIndex: '70' },
      { band: Band.AVERAGE, minIndex: '50' },
      { band: Band.WEAK, minIndex: '0' },
    ],
    phases: [
      { phase: 'SELF_ASSESSMENT', closesOn: '01-15' },
      { phase: 'APPRAISAL_1', workingDaysAfterPrevious: 10 },
      { phase: 'EXPLANATION', workingDaysAfterPrevious: 5 },
      { phase: 'APPRAISAL_2', workingDaysAfterPrevious: 5 },
      { phase: 'COUNCIL', workingDaysAfterPrevious: 5 },
      { phase: 'PUBLICATION', workingDaysAfterPrevious: 10 },
    ],
    notes:
      'Tổng 100 = phần thẩm định 61,5 + tác động 38,5 (SIPAS 10, khảo sát lãnh đạo 22, kinh tế - xã hội 6,5). Điểm tối đa thật: thể chế 10, TTHC 13, tổ chức bộ máy 10,5; các lĩnh vực khác và mọi tiêu chí thành phần là minh họa. Ngưỡng 90/80/70 theo nhóm A/B/C quốc gia; ngưỡng 50 và hạn các giai đoạn là minh họa.',
  });
}
