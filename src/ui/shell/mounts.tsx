/**
 * Mount points for views other engineers own. Replace a placeholder by importing the real
 * component here (a one-line change); the App shell does not need to change.
 *
 * - `HardwareMount`: the Hardware page (`src/ui/hardware/**`).
 * - `StorageMount`: the storage panel: cached models, sizes, delete (`src/ui/storage/**`).
 * - `UpdatePromptMount`: the service worker's "update available" prompt (`src/ui/pwa/**`),
 *   rendered once at the bottom of the page on every view.
 */
import type { EngineClient } from '../../worker/client.ts';
import { StoragePanel } from '../storage/StoragePanel.tsx';
import { HardwarePage } from '../hardware/HardwarePage.tsx';
import { UpdatePrompt } from '../pwa/UpdatePrompt.tsx';

export interface MountProps {
  /** The page's one engine client (worker). */
  engine: EngineClient;
}

export function HardwareMount({ engine }: MountProps) {
  return <HardwarePage engine={engine} />;
}

export function StorageMount(_props: MountProps) {
  return <StoragePanel />;
}

export function UpdatePromptMount({ engine }: MountProps) {
  return <UpdatePrompt engine={engine} />;
}
