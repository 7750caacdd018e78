/**
 * Which link targets in model output become real links. Only web and mail addresses: anything else
 * (a `javascript:` or `data:` URL, which react-markdown empties to "", a relative path or a `#`
 * fragment, which would open the app itself) is shown as plain text. Pure.
 */
const LINK_SCHEMES = new Set(['http:', 'https:', 'mailto:']);

/** The href to use, or null when the link must be shown as text. */
export function safeLinkHref(href: string | null | undefined): string | null {
  if (!href) return null;
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return null; // relative, or not a URL at all
  }
  return LINK_SCHEMES.has(url.protocol) ? href : null;
}
