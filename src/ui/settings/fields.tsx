/** The settings form's inputs, one per kind of setting (number, checkbox, text). */
import { useEffect, useId, useState } from 'react';
import type { BooleanSetting, ChoiceSetting, NumberSetting, SettingKey, TextSetting } from '../../storage/chats/settings.ts';
import { useFmt } from '../i18n/react.ts';
import type { Fmt } from '../i18n/types.ts';
import { readNumberInput } from './number-input.ts';
import { readTextInput } from './text-input.ts';

/** A field's label and help in the user's language (`settings.fields.<name>`, `…Help`), else the table's English. */
export function fieldLabel(f: Fmt, name: SettingKey, english: string): string {
  return f.tr(`settings.fields.${name}`) ?? english;
}
function fieldHelp(f: Fmt, name: SettingKey, english: string | undefined): string | undefined {
  return english === undefined ? undefined : (f.tr(`settings.fields.${name}Help`) ?? english);
}

/** Told whether what the field holds can be stored (the form then says so once, not a stale status beside it). */
type OnValidity = (ok: boolean) => void;

function useReportValidity(ok: boolean, onValidity: OnValidity | undefined): void {
  // Reported on change only: the callback may be a new function on every render.
  useEffect(() => onValidity?.(ok), [ok]);
}

/** A number box that stores only values within the field's bounds and says why when it cannot. */
export function NumberField({
  name,
  field,
  value,
  onCommit,
  onValidity,
}: {
  name: SettingKey;
  field: NumberSetting;
  value: number;
  onCommit: (v: number) => void;
  onValidity?: OnValidity;
}) {
  const f = useFmt();
  const id = useId();
  const [text, setText] = useState(String(value));
  useEffect(() => setText(String(value)), [value]);
  const read = readNumberInput(f, text, field);
  useReportValidity(read.ok, onValidity);
  return (
    <div className="field">
      <label htmlFor={id}>{fieldLabel(f, name, field.label)}</label>
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
          const typed = readNumberInput(f, e.target.value, field);
          if (typed.ok) onCommit(typed.value);
        }}
        onBlur={() => !read.ok && setText(String(value))}
      />
      <p id={`${id}-help`} className={read.ok ? 'muted small' : 'error small'}>
        {read.ok ? fieldHelp(f, name, field.help) : read.message}
      </p>
    </div>
  );
}

export function CheckboxField({ name, field, value, onCommit }: {
  name: SettingKey;
  field: BooleanSetting;
  value: boolean;
  onCommit: (v: boolean) => void;
}) {
  const f = useFmt();
  return (
    <label className="checkbox">
      <input type="checkbox" checked={value} onChange={(e) => onCommit(e.target.checked)} />
      {fieldLabel(f, name, field.label)}
    </label>
  );
}

/** A text box; what cannot be stored (an address that is not http(s)) is kept in the box with the reason, unsaved. */
export function TextField({
  name,
  field,
  value,
  onCommit,
  onValidity,
}: {
  name: SettingKey;
  field: TextSetting;
  value: string;
  onCommit: (v: string) => void;
  onValidity?: OnValidity;
}) {
  const f = useFmt();
  const id = useId();
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  const read = readTextInput(f, text, field);
  useReportValidity(read.ok, onValidity);
  const help = read.ok ? fieldHelp(f, name, field.help) : read.message;
  const change = (t: string) => {
    setText(t);
    const typed = readTextInput(f, t, field);
    if (typed.ok) onCommit(typed.value);
  };
  return (
    <div className="field">
      <label htmlFor={id}>{fieldLabel(f, name, field.label)}</label>
      <TextBox id={id} field={field} text={text} invalid={!read.ok} describedBy={help ? `${id}-help` : undefined} onText={change} />
      {help && (
        <p id={`${id}-help`} className={read.ok ? 'muted small' : 'error small'}>
          {help}
        </p>
      )}
      {field.suggestion && (
        <button type="button" className="field__suggestion" onClick={() => change(field.suggestion!.value)}>
          {f.tr(`settings.fields.${name}Suggestion`) ?? field.suggestion.label}
        </button>
      )}
    </div>
  );
}

/** An input, or a text area for multi-line fields. */
function TextBox({ id, field, text, invalid, describedBy, onText }: {
  id: string;
  field: TextSetting;
  text: string;
  invalid: boolean;
  describedBy: string | undefined;
  onText: (t: string) => void;
}) {
  const common = { id, value: text, placeholder: field.placeholder, 'aria-invalid': invalid, 'aria-describedby': describedBy };
  if (field.input === 'multiline') return <textarea {...common} rows={3} dir="auto" onChange={(e) => onText(e.target.value)} />;
  return <input {...common} type={field.input ?? 'text'} onChange={(e) => onText(e.target.value)} />;
}

/** A choice with a section of its own in the form (the theme); its options' labels from `settings.options.<name>`. */
export function ChoiceField({ name, field, value, onCommit }: { name: SettingKey; field: ChoiceSetting<string>; value: string; onCommit: (v: string) => void }) {
  const f = useFmt();
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{fieldLabel(f, name, field.label)}</label>
      <select id={id} value={value} onChange={(e) => onCommit(e.target.value)}>
        {field.options.map((o) => (
          <option key={o.value} value={o.value}>
            {f.tr(`settings.options.${name}.${o.value}`) ?? o.label}
          </option>
        ))}
      </select>
    </div>
  );
}
