/** The UI's language: System (the browser's) or one of the catalogues, each named in its own language. Applies at once. */
import { useId } from 'react';
import { useFmt } from '../i18n/react.ts';
import { detectLanguage, LANGUAGES, SYSTEM_LANGUAGE } from '../i18n/languages.ts';

const nameOf = (id: string): string => LANGUAGES.find((l) => l.id === id)?.name ?? id;

export function LanguageField({ value, onCommit }: { value: string; onCommit: (v: string) => void }) {
  const f = useFmt();
  const id = useId();
  const browser = typeof navigator === 'undefined' ? [] : navigator.languages ?? [navigator.language];
  const known = LANGUAGES.some((l) => l.id === value) ? value : SYSTEM_LANGUAGE;
  return (
    <div className="field">
      <label htmlFor={id}>{f.t('settings.language')}</label>
      <select id={id} value={known} data-testid="language" onChange={(e) => onCommit(e.target.value)}>
        <option value={SYSTEM_LANGUAGE}>{f.t('settings.languageSystem', { name: nameOf(detectLanguage(browser)) })}</option>
        {LANGUAGES.map((l) => (
          <option key={l.id} value={l.id} lang={l.id}>
            {l.name}
          </option>
        ))}
      </select>
      <p className="muted small">{f.t('settings.languageHelp')}</p>
    </div>
  );
}
