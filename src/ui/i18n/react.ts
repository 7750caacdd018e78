/**
 * The page's language: one i18next instance (react-i18next re-renders every `useFmt` user when it changes),
 * chosen from the stored setting or the browser, mirrored to `<html lang>` and to localStorage so a reload
 * starts in the chosen language before IndexedDB has answered.
 */
import { useEffect, useMemo } from 'react';
import { initReactI18next, useTranslation } from 'react-i18next';
import { createI18n, fmtOf } from './i18n.ts';
import { resolveLanguage } from './languages.ts';
import type { Fmt } from './types.ts';

const REMEMBERED = 'local-r1-language';

function browserLanguages(): readonly string[] {
  if (typeof navigator === 'undefined') return [];
  return navigator.languages?.length ? navigator.languages : [navigator.language];
}

function remembered(): string {
  try {
    return localStorage.getItem(REMEMBERED) ?? '';
  } catch {
    return '';
  }
}

export const appI18n = createI18n(resolveLanguage(remembered(), browserLanguages()), [initReactI18next]);
if (typeof document !== 'undefined') document.documentElement.lang = appI18n.language;

/** The current language's `Fmt`; the component re-renders when the language changes. */
export function useFmt(): Fmt {
  const { i18n } = useTranslation();
  const lng = i18n.language;
  return useMemo(() => fmtOf(i18n), [i18n, lng]);
}

/** Follows the stored choice ('' = the browser's) once the settings are read. */
export function useLanguageSetting(setting: string, loaded: boolean): void {
  useEffect(() => {
    if (!loaded) return;
    const lng = resolveLanguage(setting, browserLanguages());
    try {
      localStorage.setItem(REMEMBERED, setting);
    } catch {
      // Private mode: the setting in IndexedDB still applies after it is read.
    }
    document.documentElement.lang = lng;
    if (appI18n.language !== lng) void appI18n.changeLanguage(lng);
  }, [setting, loaded]);
}
