/** The settings form's inputs, one per kind of setting (number, checkbox, text). */
import { useEffect, useId, useState } from 'react';
import type { BooleanSetting, NumberSetting, TextSetting } from '../../storage/chats/settings.ts';
import { readNumberInput } from './number-input.ts';

/** A number box that stores only values within the field's bounds and says why when it cannot. */
export function NumberField({ field, value, onCommit }: { field: NumberSetting; value: number; onCommit: (v: number) => void }) {
  const id = useId();
  const [text, setText] = useState(String(value));
  useEffect(() => setText(String(value)), [value]);
  const read = readNumberInput(text, field);
  return (
    <div className="field">
      <label htmlFor={id}>{field.label}</label>
      <input
        id={id}
        type="number"
        inputMode="decimal"
        min={field.min}
        max={field.max}
        step={field.step}
        value={text}
        aria-invalid={!read.ok}
        aria-describedby={`${id}-help`}
        onChange={(e) => {
          setText(e.target.value);
          const typed = readNumberInput(e.target.value, field);
          if (typed.ok) onCommit(typed.value);
        }}
        onBlur={() => !read.ok && setText(String(value))}
      />
      <p id={`${id}-help`} className={read.ok ? 'muted small' : 'error small'}>
        {read.ok ? field.help : read.message}
      </p>
    </div>
  );
}

export function CheckboxField({ field, value, onCommit }: { field: BooleanSetting; value: boolean; onCommit: (v: boolean) => void }) {
  return (
    <label className="checkbox">
      <input type="checkbox" checked={value} onChange={(e) => onCommit(e.target.checked)} />
      {field.label}
    </label>
  );
}

export function TextField({ field, value, onCommit }: { field: TextSetting; value: string; onCommit: (v: string) => void }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{field.label}</label>
      <input
        id={id}
        type={field.input ?? 'text'}
        placeholder={field.placeholder}
        value={value}
        aria-describedby={field.help ? `${id}-help` : undefined}
        onChange={(e) => onCommit(e.target.value)}
      />
      {field.help && (
        <p id={`${id}-help`} className="muted small">
          {field.help}
        </p>
      )}
    </div>
  );
}
