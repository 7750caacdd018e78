/**
 * i18next over the catalogues: one instance per language choice, `{{value, bytes}}` and `{{value, number}}`
 * formatted by `Intl` in that language, and the `Fmt` the pure text modules take. No React here.
 */
import i18next, { type i18n as I18n } from 'i18next';
import { formatBinaryBytes, formatBytes } from '../../core/units.ts';
import { FALLBACK_LANGUAGE, LANGUAGES } from './languages.ts';
import type { Fmt, Key, Values } from './types.ts';

const RESOURCES = Object.fromEntries(LANGUAGES.map((l) => [l.id, { translation: l.catalogue }]));

/** A ready (synchronously initialised) i18next instance speaking `lng`. */
export function createI18n(lng: string, plugins: readonly Parameters<I18n['use']>[0][] = []): I18n {
  const i18n = i18next.createInstance();
  for (const p of plugins) i18n.use(p);
  void i18n.init({
    resources: RESOURCES,
    lng,
    fallbackLng: FALLBACK_LANGUAGE,
    supportedLngs: LANGUAGES.map((l) => l.id),
    nsSeparator: false,
    interpolation: { escapeValue: false },
    returnNull: false,
    initAsync: false,
  });
  i18n.services.formatter?.add('bytes', (value: unknown, l: string | undefined) =>
    typeof value === 'number' ? formatBytes(value, undefined, l ?? FALLBACK_LANGUAGE) : String(value),
  );
  i18n.services.formatter?.add('binaryBytes', (value: unknown, l: string | undefined) =>
    typeof value === 'number' ? formatBinaryBytes(value, l ?? FALLBACK_LANGUAGE) : String(value),
  );
  return i18n;
}

/** The `Fmt` of an instance in its current language. */
export function fmtOf(i18n: I18n): Fmt {
  const locale = i18n.resolvedLanguage ?? i18n.language ?? FALLBACK_LANGUAGE;
  return {
    locale,
    t: (key: Key, values?: Values) => i18n.t(key, { ...values, lng: locale }),
    tr: (key: string, values?: Values) => (i18n.exists(key, { ...values, lng: locale }) ? i18n.t(key, { ...values, lng: locale }) : null),
  };
}

/** A `Fmt` for one language (tests, and code outside React). */
export function fmtFor(lng: string): Fmt {
  return fmtOf(createI18n(lng));
}
