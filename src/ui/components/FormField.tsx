// A labelled form field with its problems said beside it: the markup the quality forms repeated.
// role="alert" so a screen reader hears a problem as soon as Save names it.
import type { ReactNode } from 'react';

type Problems = string | readonly string[] | undefined | false;

export function FieldErrors({ problems }: { problems: Problems }) {
  const list = !problems ? [] : typeof problems === 'string' ? [problems] : problems;
  return list.map((p) => (
    <span key={p} className="error-text" role="alert">
      {p}
    </span>
  ));
}

export function FormField({ label, problems, children }: { label: string; problems?: Problems; children: ReactNode }) {
  return (
    <label className="field">
      <span>{label}</span>
      {children}
      <FieldErrors problems={problems} />
    </label>
  );
}
