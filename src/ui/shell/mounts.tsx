/**
 * Mount points for views other engineers own. Replace a placeholder by importing the real
 * component here (a one-line change); the App shell does not need to change.
 *
 * - `HardwareMount`: the Hardware page (`src/ui/hardware/**`).
 * - `StorageMount`: the storage panel: cached models, sizes, delete (`src/ui/storage/**`).
 * - `UpdatePromptMount`: the service worker's "update available" prompt (`src/ui/pwa/**`),
 *   rendered once at the bottom of the page on every view.
 *
 * Hardware and Storage are separate chunks, loaded when first opened (the first load carries only the chat).
 */
import { lazy, Suspense } from 'react';
import type { EngineClient } from '../../worker/client.ts';
import { useFmt } from '../i18n/react.ts';
import { UpdatePrompt } from '../pwa/UpdatePrompt.tsx';

const HardwarePage = lazy(() => import('../hardware/HardwarePage.tsx').then((m) => ({ default: m.HardwarePage })));
const StoragePanel = lazy(() => import('../storage/StoragePanel.tsx').then((m) => ({ default: m.StoragePanel })));

/** What a view shows while its code loads (a moment, once). */
export function ViewLoading() {
  const f = useFmt();
  return (
    <p className="view-loading muted" role="status">
      {f.t('app.loading')}
    </p>
  );
}

export interface MountProps {
  /** The page's one engine client (worker). */
  engine: EngineClient;
}

export function HardwareMount({ engine }: MountProps) {
  return (
    <Suspense fallback={<ViewLoading />}>
      <HardwarePage engine={engine} />
    </Suspense>
  );
}

export function StorageMount(_props: MountProps) {
  return (
    <Suspense fallback={<ViewLoading />}>
      <StoragePanel />
    </Suspense>
  );
}

export function UpdatePromptMount({ engine }: MountProps) {
  return <UpdatePrompt engine={engine} />;
}
