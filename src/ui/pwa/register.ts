/**
 * Service worker registration (vite-plugin-pwa's `virtual:pwa-register`, Workbox underneath) and its state
 * for the UI: "ready to work offline", "an update is waiting".
 *
 * `serviceWorkerSettled()` is the gate that makes the first visit fetch onnxruntime's 27 MB wasm once, not twice:
 * a dedicated worker is controlled by the service worker only if it was created while its page was controlled.
 * So the engine worker is created after the first install has finished precaching (the wasm included) and
 * claimed the page; its wasm request is then answered from the precache. Without a service worker (unsupported,
 * insecure origin, install failed, hard reload) the gate opens at once and nothing changes.
 */
import { registerSW } from 'virtual:pwa-register';

export interface PwaState {
  /** The first install just finished: from now on the app opens offline (shown once). */
  offlineReady: boolean;
  /** A new version is installed and waiting for the user's go-ahead. */
  needRefresh: boolean;
  /** Registration failed (message), or null. */
  error: string | null;
}

let state: PwaState = { offlineReady: false, needRefresh: false, error: null };
const listeners = new Set<() => void>();
let started = false;
let applyUpdate: ((reload?: boolean) => Promise<void>) | null = null;
let registration: Promise<ServiceWorkerRegistration | undefined> | null = null;

function set(patch: Partial<PwaState>) {
  state = { ...state, ...patch };
  for (const l of listeners) l();
}

export function getPwaState(): PwaState {
  return state;
}

export function subscribePwa(fn: () => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

function supported(): boolean {
  return typeof navigator !== 'undefined' && 'serviceWorker' in navigator && globalThis.isSecureContext === true;
}

/** Register once (idempotent). Called by the gate and by the update prompt, whichever runs first. */
export function startServiceWorker(): void {
  if (started || !supported()) return;
  started = true;
  let resolveReg: (r: ServiceWorkerRegistration | undefined) => void = () => {};
  registration = new Promise((r) => (resolveReg = r));
  applyUpdate = registerSW({
    immediate: true,
    onOfflineReady: () => set({ offlineReady: true }),
    onNeedRefresh: () => {
      // Workbox may report the same waiting version more than once: a "Later" holds until a newer one.
      if (waitingNow() !== null && waitingNow() === dismissedWorker) return;
      set({ needRefresh: true });
    },
    onRegisteredSW: (_url, reg) => {
      resolveReg(reg);
      current = reg ?? null;
      // Long-lived tabs: look for a new version hourly (the browser also checks on navigation).
      if (reg) setInterval(() => void (navigator.onLine ? reg.update().catch(() => {}) : undefined), 60 * 60 * 1000);
    },
    onRegisterError: (e: unknown) => {
      resolveReg(undefined);
      set({ error: e instanceof Error ? e.message : String(e) });
    },
  });
}

/** Activate the waiting version; the page reloads when it takes control. Only on the user's request. */
export async function updateNow(): Promise<void> {
  // Workbox only reloads by itself for updates it found; one found by the browser's own check (the usual
  // case) activates without a reload. The user asked for the new version, so reload when it takes control.
  let reloading = false;
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (reloading) return;
    reloading = true;
    window.location.reload();
  });
  await applyUpdate?.(true);
}

let current: ServiceWorkerRegistration | null = null;
let dismissedWorker: ServiceWorker | null = null;
const waitingNow = (): ServiceWorker | null => current?.waiting ?? null;

/** Hide the prompt until a newer version is found. */
export function dismissUpdate(): void {
  dismissedWorker = waitingNow();
  set({ needRefresh: false });
}

/**
 * Resolves when the page is controlled by the service worker, or when it is clear it will not be (no support,
 * registration failed, install failed, or a hard reload that bypassed an active worker). `maxWaitMs` caps the
 * wait on a very slow first install; the engine then starts and fetches the wasm itself.
 */
export function serviceWorkerSettled(maxWaitMs = 120_000): Promise<void> {
  startServiceWorker();
  if (!supported() || navigator.serviceWorker.controller || !registration) return Promise.resolve();
  const reg = registration;
  return new Promise<void>((resolve) => {
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      navigator.serviceWorker.removeEventListener('controllerchange', finish);
      resolve();
    };
    const timer = setTimeout(finish, maxWaitMs);
    navigator.serviceWorker.addEventListener('controllerchange', finish);
    void reg.then((r) => {
      if (!r) return finish();
      if (navigator.serviceWorker.controller) return finish();
      const sw = r.installing;
      // Active already but not controlling this page (hard reload), or nothing installing: do not wait.
      if (!sw) return finish();
      sw.addEventListener('statechange', () => {
        if (sw.state === 'redundant') finish();
        // 'activated' → clientsClaim() fires controllerchange right after; the timer covers a lost event.
        if (sw.state === 'activated') setTimeout(finish, 3000);
      });
    });
  });
}
