import { levelsOf, vi, type CriterionNode } from './criteria.ts';

/** The choice of a yes/no or levels criterion (units self-scoring, reviewers adjusting). */
export function ValueSelect({ node, id, value, disabled, required, onChange }: { node: CriterionNode; id: string; value: string; disabled?: boolean; required?: boolean; onChange: (value: string) => void }) {
  const levels = node.methodKind === 'levels';
  return (
    <select id={id} disabled={disabled} required={required} value={value} onChange={(e) => onChange(e.target.value)}>
      <option value="" disabled>
        {levels ? '— chọn mức —' : '— chọn —'}
      </option>
      {levels ? (
        levelsOf(node).map((l) => (
          <option key={l.value} value={l.value}>
            {l.label} ({vi(l.points)} điểm)
          </option>
        ))
      ) : (
        <>
          <option value="yes">Có / Đạt</option>
          <option value="no">Không / Chưa đạt</option>
        </>
      )}
    </select>
  );
}
