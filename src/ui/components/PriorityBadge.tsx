import { useTranslation } from 'react-i18next';
import type { RunPriority } from '../../domain/run/run.types';

export function PriorityBadge({ priority }: { priority: RunPriority }) {
  const { t } = useTranslation();
  return <span className={`badge badge-${priority}`}>{t(`priority.${priority}`)}</span>;
}
