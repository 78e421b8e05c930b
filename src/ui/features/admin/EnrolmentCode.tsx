// A new enrolment code for a tablet, shown as text (to type) and as a QR code (to read aloud or show
// from another screen). The QR library loads only here, off every other screen's path.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

export function EnrolmentCode({ code, label }: { code: string; label: string }) {
  const { t } = useTranslation();
  const [qr, setQr] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void import('qrcode')
      .then((q) => q.toDataURL(code, { errorCorrectionLevel: 'M', margin: 2, width: 240 }))
      .then((url) => live && setQr(url))
      .catch(() => undefined); // the text is there either way
    return () => {
      live = false;
    };
  }, [code]);
  return (
    <div className="card stack enrol-code" role="status" aria-live="polite">
      <p>{t('admin.tablets.codeFor', { label })}</p>
      <p className="enrol-code-text" data-enrolment-code>
        {code}
      </p>
      {qr && <img src={qr} width={240} height={240} alt={t('admin.tablets.qrAlt', { code })} />}
      <p className="muted">{t('admin.tablets.codeHelp')}</p>
    </div>
  );
}
