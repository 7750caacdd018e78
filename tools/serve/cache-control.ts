/**
 * Cache-Control for a built file: Vite's hashed assets (`assets/<name>-<hash>.<ext>`) never change
 * under their name, so browsers keep them a year without asking again; everything else (index.html,
 * sw.js, the manifest, models/) is revalidated (sirv's ETag) so a new version is seen at once.
 */
export const IMMUTABLE = 'public, max-age=31536000, immutable';

/** Vite's default asset names: `[name]-[hash].[ext]`, the hash 8 characters of base64url. */
const HASHED_ASSET = /^\/assets\/.+-[A-Za-z0-9_-]{8}\.[a-z0-9]+$/;

/** The Cache-Control for a path under the app's base (`/assets/index-AbC12_-9.js`), or null (the server's default). */
export function cacheControlFor(pathname: string): string | null {
  return HASHED_ASSET.test(pathname) ? IMMUTABLE : null;
}
