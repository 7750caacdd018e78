/**
 * The languages the UI speaks and which one a browser gets. Adding a language: a catalogue file next to
 * `en.ts` (typed `Catalogue`, so a missing key fails the typecheck) and its line in `LANGUAGES`.
 */
import { en } from './en.ts';
import type { Catalogue } from './types.ts';
import { zhCN } from './zh-CN.ts';

export interface Language {
  /** BCP 47 tag: i18next's language, `Intl`'s locale and `<html lang>`. */
  id: string;
  /** The language's own name, shown in Settings whatever the UI language. */
  name: string;
  catalogue: Catalogue;
}

export const LANGUAGES: readonly Language[] = [
  { id: 'en', name: 'English', catalogue: en },
  { id: 'zh-CN', name: '简体中文', catalogue: zhCN },
];

export const FALLBACK_LANGUAGE = 'en';

/** The stored choice: '' follows the browser, else a language id. */
export const SYSTEM_LANGUAGE = '';

const primary = (tag: string): string => tag.toLowerCase().split('-')[0]!;

/**
 * The browser's preferred tags (`navigator.languages`) → the first one we have: an exact tag first, else the
 * same primary language (`zh`, `zh-Hans`, `zh-SG`, and also `zh-TW`/`zh-HK` while there is no Traditional
 * catalogue → `zh-CN`; `en-GB` → `en`). English when none matches.
 */
export function detectLanguage(preferred: readonly string[]): string {
  for (const tag of preferred) {
    const exact = LANGUAGES.find((l) => l.id.toLowerCase() === tag.toLowerCase());
    if (exact) return exact.id;
    const same = LANGUAGES.find((l) => primary(l.id) === primary(tag));
    if (same) return same.id;
  }
  return FALLBACK_LANGUAGE;
}

/** The language to show: the stored choice when it names one we have, else the browser's. */
export function resolveLanguage(setting: string, preferred: readonly string[]): string {
  return LANGUAGES.some((l) => l.id === setting) ? setting : detectLanguage(preferred);
}
