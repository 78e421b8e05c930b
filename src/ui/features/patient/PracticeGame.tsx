// A practice game for children before the scan: hold still like a statue (and hold your breath)
// while the stars fill up. No scoring that can be failed — every try ends with praise.
import type { TFunction } from 'i18next';
import { useEffect, useState } from 'react';

const SECONDS = 5;

export function PracticeGame({ t }: { t: TFunction }) {
  const [left, setLeft] = useState<number | null>(null);
  useEffect(() => {
    if (left === null || left <= 0) return;
    const id = setTimeout(() => setLeft(left - 1), 1000);
    return () => clearTimeout(id);
  }, [left]);
  return (
    <section className="practice" aria-labelledby="practice-title" data-practice>
      <h2 id="practice-title">{t('practice.title')}</h2>
      <p>
        {t('practice.still')} {t('practice.breath')}
      </p>
      <div className="stars" aria-hidden="true">
        {Array.from({ length: SECONDS }, (_, i) => (
          <span key={i} className={left !== null && i < SECONDS - left ? 'star on' : 'star'}>
            ★
          </span>
        ))}
      </div>
      {left === 0 && (
        <p className="practice-great" role="status">
          {t('practice.great')}
        </p>
      )}
      <button
        type="button"
        className="btn btn-primary btn-big"
        disabled={left !== null && left > 0}
        onClick={() => setLeft(SECONDS)}
      >
        {left === 0 ? t('practice.again') : t('practice.start')}
      </button>
    </section>
  );
}
