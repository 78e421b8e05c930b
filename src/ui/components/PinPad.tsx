// A PIN pad for gloved fingers: big keys, masked entry, a physical keyboard works too. A password
// (letters) can be typed instead: the field accepts any text.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

export function PinPad({
  label,
  busy,
  onSubmit,
}: {
  label: string;
  busy?: boolean;
  onSubmit: (secret: string) => void;
}) {
  const { t } = useTranslation();
  const [secret, setSecret] = useState('');
  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    if (secret && !busy) {
      onSubmit(secret);
      setSecret('');
    }
  };
  const press = (d: string) => setSecret((s) => (s.length < 64 ? s + d : s));
  return (
    <form className="pinpad stack" onSubmit={submit}>
      <label className="field">
        <span>{label}</span>
        <input
          type="password"
          autoComplete="off"
          inputMode="numeric"
          value={secret}
          disabled={busy}
          onChange={(e) => setSecret(e.target.value)}
          autoFocus
        />
      </label>
      <div className="pinpad-keys" role="group" aria-label={label}>
        {['1', '2', '3', '4', '5', '6', '7', '8', '9'].map((d) => (
          <button key={d} type="button" className="btn pin-key" disabled={busy} onClick={() => press(d)}>
            {d}
          </button>
        ))}
        <button
          type="button"
          className="btn pin-key"
          disabled={busy}
          onClick={() => setSecret((s) => s.slice(0, -1))}
          aria-label={t('auth.backspace')}
        >
          ⌫
        </button>
        <button type="button" className="btn pin-key" disabled={busy} onClick={() => press('0')}>
          0
        </button>
        <button type="submit" className="btn btn-primary pin-key" disabled={busy || !secret}>
          {t('auth.ok')}
        </button>
      </div>
    </form>
  );
}
