// The second step of an administrator's sign-in when the server asks for the authenticator app's
// 6-digit code (the PIN or password was already typed on the step before).
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

export function TotpCodeForm({ busy, onSubmit }: { busy?: boolean; onSubmit: (code: string) => void }) {
  const { t } = useTranslation();
  const [code, setCode] = useState('');
  const ready = /^\d{6}$/.test(code);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!ready || busy) return;
    onSubmit(code);
    setCode('');
  };
  return (
    <form className="stack" onSubmit={submit}>
      <label className="field">
        <span>{t('auth.totpCode')}</span>
        <input
          type="text"
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={6}
          value={code}
          disabled={busy}
          onChange={(e) => setCode(e.target.value.replace(/\D/g, ''))}
          autoFocus
        />
      </label>
      <button type="submit" className="btn btn-primary btn-big" disabled={busy || !ready}>
        {t('auth.continue')}
      </button>
    </form>
  );
}
