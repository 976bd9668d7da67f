import { Area, AREA_ORDER, AREA_TITLES } from '@par/core';

/** The code of the generated criteria set, as rounds name it (`set:<code>`). */
export const BENCH_SET_CODE = 'bench-200';

/** Level values of the four-level leaves, best first, with their points (max 1.5). */
export const LEVELS = [
  { value: 'tot', label: 'Tốt', points: '1.5' },
  { value: 'day-du', label: 'Đầy đủ', points: '1' },
  { value: 'chua-day-du', label: 'Chưa đầy đủ', points: '0.5' },
  { value: 'khong', label: 'Không thực hiện', points: '0' },
] as const;

const GROUPS_PER_AREA = 4;
const LEAVES_PER_GROUP = 7;

interface Node {
  code: string;
  title: string;
  max: string;
  method?: { kind: 'yesNo' } | { kind: 'levels'; levels: { value: string; label: string; points: string }[] };
  evidence?: { required: boolean; description?: string };
  children?: Node[];
}

/**
 * A criteria set as data: the seven areas × 4 criteria × 7 sub-criteria = 196 leaves (231
 * criteria with the parents), four-level leaves worth 1.5 and yes/no leaves worth 1, so every
 * area is worth 9 × 4 = 36 and the set 252. Only data-only methods, so a set-based SQL statement
 * can score the same leaves (the re-scoring baseline) and the results can be compared.
 */
export function benchCriteriaDefinition(): { code: string; title: string; areas: Record<string, Node> } {
  const areas: Record<string, Node> = {};
  AREA_ORDER.forEach((area: Area, a) => {
    const groups: Node[] = [];
    for (let g = 1; g <= GROUPS_PER_AREA; g++) {
      const leaves: Node[] = [];
      for (let l = 1; l <= LEAVES_PER_GROUP; l++) {
        const code = `${a + 1}.${g}.${l}`;
        const levels = l % 2 === 1; // 1, 3, 5, 7 levels (4 × 1.5); 2, 4, 6 yes/no (3 × 1)
        leaves.push({
          code,
          title: `Tiêu chí thành phần ${code} (sinh cho đo hiệu năng)`,
          max: levels ? '1.5' : '1',
          method: levels ? { kind: 'levels', levels: LEVELS.map((x) => ({ ...x })) } : { kind: 'yesNo' },
          evidence: { required: false, description: 'Văn bản, báo cáo kết quả thực hiện' },
        });
      }
      groups.push({ code: `${a + 1}.${g}`, title: `Tiêu chí ${a + 1}.${g}`, max: '9', children: leaves });
    }
    areas[area] = { code: String(a + 1), title: AREA_TITLES[area], max: String(9 * GROUPS_PER_AREA), children: groups };
  });
  return { code: BENCH_SET_CODE, title: 'Bộ tiêu chí đo hiệu năng (≈ 200 tiêu chí thành phần)', areas };
}

/** The set as a criteria file (JSON is YAML), imported like any province's own set. */
export function benchCriteriaYaml(): string {
  return JSON.stringify(benchCriteriaDefinition(), null, 1);
}

export const LEAVES_PER_AREA = GROUPS_PER_AREA * LEAVES_PER_GROUP;
