/** Criteria trees, scorecard states and number formatting shared by the unit, reviewer and results screens. */

export interface CriterionNode {
  code: string;
  title: string;
  max: string;
  depth: number;
  area: string;
  methodKind?: string | null;
  method?: Record<string, unknown> | null;
  guidance?: string | null;
  evidenceRequired: boolean;
  evidenceDescription?: string | null;
  notApplicable?: string | null;
  children?: CriterionNode[];
}

export const SCORECARD_STATUS: Record<string, string> = {
  DRAFT: 'Đang tự chấm',
  SUBMITTED: 'Đã nộp',
  RETURNED: 'Được trả lại để sửa',
  IN_APPRAISAL: 'Đang thẩm định',
  EXPLANATION_REQUESTED: 'Chờ giải trình',
  EXPLANATION_SUBMITTED: 'Đã giải trình',
  FINAL_APPRAISAL: 'Đã thẩm định lần 2',
  COUNCIL_APPROVED: 'Hội đồng đã thông qua',
  PUBLISHED: 'Đã công bố',
};

/** The seven reform areas in their official order (1 … 7). */
export const AREA_ORDER = ['LEADERSHIP', 'INSTITUTIONS', 'PROCEDURES', 'ORGANIZATION', 'CIVIL_SERVICE', 'PUBLIC_FINANCE', 'DIGITAL_GOVERNMENT'] as const;

/** Short column titles of the seven areas (and the preset's impact and bonus parts). */
export const AREA_SHORT: Record<string, string> = {
  LEADERSHIP: 'Chỉ đạo',
  INSTITUTIONS: 'Thể chế',
  PROCEDURES: 'TTHC',
  ORGANIZATION: 'Bộ máy',
  CIVIL_SERVICE: 'Công vụ',
  PUBLIC_FINANCE: 'Tài chính',
  DIGITAL_GOVERNMENT: 'CQ số',
  IMPACT: 'Tác động',
  BONUS: 'Thưởng/trừ',
};

export const AREA_TITLE: Record<string, string> = {
  LEADERSHIP: 'Công tác chỉ đạo, điều hành cải cách hành chính',
  INSTITUTIONS: 'Cải cách thể chế',
  PROCEDURES: 'Cải cách thủ tục hành chính',
  ORGANIZATION: 'Cải cách tổ chức bộ máy',
  CIVIL_SERVICE: 'Cải cách chế độ công vụ',
  PUBLIC_FINANCE: 'Cải cách tài chính công',
  DIGITAL_GOVERNMENT: 'Xây dựng và phát triển Chính quyền điện tử, Chính quyền số',
  IMPACT: 'Tác động của cải cách hành chính',
  BONUS: 'Điểm thưởng, điểm trừ',
};

/** Decimal with a Vietnamese comma. */
export const vi = (n: string | number | null | undefined) => (n == null ? '—' : String(n).replace('.', ','));
/** ISO date as dd/mm/yyyy. */
export const dmy = (iso: string) => iso.slice(0, 10).split('-').reverse().join('/');

/** The variables a method reads (ratio parts, a count, a formula's names). */
export function variablesOf(node: CriterionNode): string[] {
  const m = node.method ?? {};
  const source = m.source as Record<string, string> | undefined;
  if (source && 'numerator' in source) return [source.numerator!, source.denominator!];
  if (typeof m.variable === 'string') return [m.variable];
  if (typeof m.expression === 'string') return [...new Set(m.expression.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? [])].filter((v) => !['min', 'max', 'round', 'abs'].includes(v));
  return [];
}

/** Every node of a tree by code (areas, groups and leaves). */
export function byCode(tree: readonly CriterionNode[]): Map<string, CriterionNode> {
  const out = new Map<string, CriterionNode>();
  const walk = (nodes: readonly CriterionNode[]) => {
    for (const n of nodes) {
      out.set(n.code, n);
      if (n.children) walk(n.children);
    }
  };
  walk(tree);
  return out;
}

/** The levels of a `levels` method. */
export const levelsOf = (node: CriterionNode) => (node.method?.levels as { value: string; label: string; points: string }[] | undefined) ?? [];

/** What a variable of a criterion's method is called in Vietnamese (the plugin's label), else its name. */
export const labelOf = (node: CriterionNode | undefined, name: string) => (node?.method?.labels as Record<string, string> | undefined)?.[name] ?? name;
