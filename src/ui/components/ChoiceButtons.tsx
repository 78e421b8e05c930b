/** A radio group drawn as large buttons: one tap with a glove, arrow keys with a keyboard. */
export function ChoiceButtons({
  name,
  value,
  options,
  onChange,
}: {
  name: string;
  value: string;
  options: { value: string; label: string }[];
  onChange: (v: string) => void;
}) {
  return (
    <div className="choices" role="radiogroup">
      {options.map((o) => (
        <label className="choice" key={o.value}>
          <input
            type="radio"
            name={name}
            value={o.value}
            checked={value === o.value}
            onChange={() => onChange(o.value)}
          />
          <span>{o.label}</span>
        </label>
      ))}
    </div>
  );
}
