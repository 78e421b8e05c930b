// The words for a QC test-set draft problem: the domain names the problem by code, field and test;
// the staff language says it ("Test 5 (Slice thickness): Action level: enter a number").
import type { TFunction } from 'i18next';
import type { DraftProblem } from '../../../domain/quality/qc-set-draft';

export function draftProblemText(t: TFunction, p: DraftProblem): string {
  const field = p.subject ? t(`quality.sets.problem.subject.${p.subject}`) : '';
  const problem = t(`quality.sets.problem.${p.code}`, { ...p.values, field });
  if (!p.test) return problem;
  return p.test.label
    ? t('quality.sets.problem.inNamedTest', { n: p.test.n, label: p.test.label, problem })
    : t('quality.sets.problem.inTest', { n: p.test.n, problem });
}
