// What is wrong with a typed field, said next to it before anything is stored. The problem comes
// from the same textProblem() the event registry's wire schema checks (src/domain/events).
import { useTranslation } from 'react-i18next';
import type { TextProblem } from '../../domain/events/text-rules';
import { FieldErrors } from './FormField';

export function FieldProblem({ field, problem }: { field: string; problem: TextProblem | undefined }) {
  const { t } = useTranslation();
  if (!problem) return null;
  const values: Record<string, string | number> = { field, ...problem };
  return <FieldErrors problems={t(`field.${problem.kind}`, values)} />;
}
