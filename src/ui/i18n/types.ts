/** The shape every catalogue has (the English one's, with any text), and the keys the UI may ask for. */
import type { en } from './en.ts';

type Strings<T> = { readonly [K in keyof T]: T[K] extends string ? string : Strings<T[K]> };

/** A catalogue: the same keys as `en`, every leaf a string. */
export type Catalogue = Strings<typeof en>;

type Plural = 'zero' | 'one' | 'two' | 'few' | 'many' | 'other';
type Leaves<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : Leaves<T[K], `${P}${K}.`>;
}[keyof T & string];
/** `a.b_one` and `a.b_other` are asked for as `a.b` with a `count`. */
type Unplural<K> = K extends `${infer B}_${Plural}` ? B : K;

/** Every text the UI shows, by its dotted key. */
export type Key = Unplural<Leaves<typeof en>>;

export type Values = Readonly<Record<string, string | number>>;

/** What a pure text module needs to speak the user's language. */
export interface Fmt {
  /** The text of a key in the current language, with `{{values}}` filled in. */
  t: (key: Key, values?: Values) => string;
  /** A key that comes from outside the UI (an error's or notice's key): its text, or null when no catalogue has it. */
  tr: (key: string, values?: Values) => string | null;
  /** The BCP 47 tag `Intl` formats numbers and dates with (`en`, `zh-CN`). */
  locale: string;
}
