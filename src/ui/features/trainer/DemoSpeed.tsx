// How fast demo timers run (1×, 10×, 30×): a 30-minute contrast observation shown in 3 minutes at 10×.
// Demo mode only: it sets the demo clock, never the one real runs use.
import { useTranslation } from 'react-i18next';
import { useServices } from '../../services';

export const DEMO_SPEEDS = [1, 10, 30] as const;

export function DemoSpeed() {
  const { t } = useTranslation('trainer');
  const { demo } = useServices();
  if (!demo) return null;
  return (
    <fieldset className="stack" data-demo-speed={demo.speed}>
      <legend>{t('demo.speed')}</legend>
      <div className="choice-row">
        {DEMO_SPEEDS.map((s) => (
          <button
            key={s}
            type="button"
            className="btn"
            aria-pressed={demo.speed === s}
            onClick={() => demo.setSpeed(s)}
          >
            {s}×
          </button>
        ))}
      </div>
    </fieldset>
  );
}
