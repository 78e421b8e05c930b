// The editor's small inputs: a text, a number (empty clears the field) and a yes/no flag, each with
// its label and the validator's message for its field key beside it.
import { without } from './draft-edits';
import { FieldError } from './FieldError';

type Common = { label: string; at: string };

export function TextField({ label, at, value, onChange }: Common & { value: string; onChange: (v: string) => void }) {
  return (
    <label className="field">
      <span>{label}</span>
      <input type="text" value={value} data-at={at} onChange={(e) => onChange(e.target.value)} />
      <FieldError at={at} />
    </label>
  );
}

export function NumberField({
  label,
  at,
  value,
  onChange,
}: Common & { value: number | undefined; onChange: (v: number | undefined) => void }) {
  return (
    <label className="field editor-number">
      <span>{label}</span>
      <input
        type="number"
        value={value === undefined || Number.isNaN(value) ? '' : value}
        data-at={at}
        onChange={(e) => onChange(e.target.value.trim() === '' ? undefined : Number(e.target.value))}
      />
      <FieldError at={at} />
    </label>
  );
}

export function FlagField({ label, at, value, onChange }: Common & { value: boolean; onChange: (v: boolean) => void }) {
  return (
    <label className="check editor-flag">
      <input type="checkbox" checked={value} data-at={at} onChange={(e) => onChange(e.target.checked)} />
      <span>{label}</span>
      <FieldError at={at} />
    </label>
  );
}

/** Drops a field whose value is undefined (or false, for flags), so a cleared field leaves no trace. */
export function withField<T extends object>(o: T, key: string, v: unknown): T {
  return v === undefined || v === false || v === '' ? without(o, key) : { ...o, [key]: v };
}
