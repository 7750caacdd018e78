/**
 * The engine worker as React state: adapter probe, load with progress and notices, errors.
 * One `EngineClient` (one worker) for the page.
 */
import { useCallback, useEffect, useRef, useState, type Dispatch, type RefObject, type SetStateAction } from 'react';
import { createEngine, type LocalEngine } from '../../api/index.ts';
import { createEngineWorker, EngineClient, type LoadHandlers } from '../../worker/client.ts';
import { deferredWorker } from '../pwa/deferred-worker.ts';
import { serviceWorkerSettled } from '../pwa/register.ts';
import { storagePreflight } from '../storage/preflight.ts';
import { recoverFromLoss, type LossRecovery } from '../../worker/restarts.ts';
import { asEngineError, type DevicePreference, type DownloadProgress, type Dtype, type DtypePreference, type EngineError, type GpuInfo, type LoadedModelInfo, type LoadPhase, type ModelSource, type Notice } from '../../core/index.ts';

let client: EngineClient | null = null;
export function engineClient(): EngineClient {
  // The worker starts once the service worker controls the page (first visit: after precaching), so the
  // 27 MB runtime wasm comes from the precache instead of being downloaded twice (src/ui/pwa/register.ts).
  // A factory, so replacement workers (memory fallback) go through the same gate.
  client ??= new EngineClient(() => deferredWorker(serviceWorkerSettled(), createEngineWorker));
  return client;
}

let local: LocalEngine | null = null;
/** The same worker as `chat.completions` (src/api): what the chat talks to. */
export function localEngine(): LocalEngine {
  local ??= createEngine({ client: engineClient() });
  return local;
}

export type { DownloadProgress };

export type EngineStatus = 'idle' | 'loading' | 'ready' | 'error';

export interface EngineState {
  gpu: GpuInfo | null;
  status: EngineStatus;
  phase: LoadPhase | null;
  phaseDetail: string | undefined;
  progress: DownloadProgress | null;
  notices: Notice[];
  error: EngineError | null;
  info: LoadedModelInfo | null;
  /** What the user loaded, for the status line and stored answers. */
  modelLabel: string | null;
  /** The GPU was lost and the model is loading again by itself: on the GPU (`reload`) or on WASM. */
  recovery: LossRecovery['kind'] | null;
}

/** A load as the user asked for it: what a lost GPU loads again. */
interface LoadRequest {
  source: ModelSource;
  device: DevicePreference;
  dtype: DtypePreference;
  label: string;
}

const INITIAL: EngineState = {
  gpu: null,
  status: 'idle',
  phase: null,
  phaseDetail: undefined,
  progress: null,
  notices: [],
  error: null,
  info: null,
  modelLabel: null,
  recovery: null,
};

/** A failed engine request (or anything else thrown) as the error the user sees. */
export const toEngineError = (e: unknown): EngineError => asEngineError(e);

/** Progress can arrive many times a frame: keep the last one, render once per frame. */
function useProgressPerFrame(setState: Dispatch<SetStateAction<EngineState>>) {
  const frame = useRef(0);
  const pending = useRef<DownloadProgress | null>(null);
  return useCallback(
    (p: DownloadProgress) => {
      pending.current = p;
      if (frame.current !== 0) return;
      frame.current = requestAnimationFrame(() => {
        frame.current = 0;
        const latest = pending.current;
        setState((s) => (s.status === 'loading' ? { ...s, progress: latest } : s));
      });
    },
    [setState],
  );
}

/** The adapter probe once, and a crash of the worker itself (no request id) as an error the user sees. */
function useProbe(engine: EngineClient, setState: Dispatch<SetStateAction<EngineState>>): void {
  useEffect(() => {
    let alive = true;
    engine
      .probe()
      .then((gpu) => alive && setState((s) => ({ ...s, gpu })))
      .catch((e: unknown) => console.warn('probe failed', e));
    const off = engine.on('error', (m) => {
      if (m.requestId === undefined) setState((s) => ({ ...s, status: 'error', error: m.error, phase: null }));
    });
    return () => {
      alive = false;
      off();
    };
  }, [engine, setState]);
}

/** The state as a load starts (`recovery`: the reload after a lost GPU). */
function loadingState(s: EngineState, label: string, recovery: LossRecovery | undefined): EngineState {
  return {
    ...s,
    status: 'loading',
    phase: 'planning',
    phaseDetail: undefined,
    progress: null,
    notices: [],
    error: null,
    info: null,
    modelLabel: label,
    recovery: recovery?.kind ?? null,
  };
}

type ReadyBefore = { state: EngineState; load: LoadRequest | null } | null;

/**
 * Cancel while the load is being planned (before any model byte moves): the plan's requests and any wait to
 * retry stop, this load's late answers are ignored and it goes no further, and the picker is back.
 */
function useCancelPlanning(
  engine: EngineClient,
  latest: RefObject<number>,
  lastLoad: RefObject<LoadRequest | null>,
  ready: RefObject<ReadyBefore>,
  setState: Dispatch<SetStateAction<EngineState>>,
): () => void {
  return useCallback(() => {
    latest.current++;
    engine.downloadControl('cancel');
    // The worker still holds the model that was ready before this load (it is let go only once a load starts).
    const before = ready.current;
    lastLoad.current = before?.load ?? null;
    setState((s) => before?.state ?? { ...INITIAL, gpu: s.gpu });
  }, [engine, latest, lastLoad, ready, setState]);
}

export function useEngine() {
  const [state, setState] = useState<EngineState>(INITIAL);
  const shown = useRef(state);
  shown.current = state;
  /** The model that was ready when a load began (Cancel while planning goes back to it), and its load. */
  const ready = useRef<ReadyBefore>(null);
  const engine = engineClient();
  const onProgress = useProgressPerFrame(setState);

  useProbe(engine, setState);

  const { lastLoad, loss, latest, onDeviceLost } = useLossRecovery();

  /** Loads a model; `recovery` when it is the reload after a lost GPU (its notice shows once loaded). */
  const load = useCallback(
    async (source: ModelSource, device: DevicePreference, dtype: DtypePreference, label: string, recovery?: LossRecovery) => {
      const mine = ++latest.current;
      // A newer load (the reload after a lost GPU) makes this one's late answers moot.
      const set: typeof setState = (update) => latest.current === mine && setState(update);
      if (!recovery) {
        ready.current = shown.current.status === 'ready' ? { state: shown.current, load: lastLoad.current } : null;
        lastLoad.current = { source, device, dtype, label };
      }
      set((s) => loadingState(s, label, recovery));
      const progress: LoadHandlers['onProgress'] = ({ type: _t, requestId: _r, ...p }) => latest.current === mine && onProgress(p);
      try {
        // Not enough room for what is still to download → a clear message before any model byte moves.
        // A request there waiting to be retried shows in the progress line; Cancel meanwhile ends this load.
        const pre = await storagePreflight(engine, source, device, dtype, progress);
        if (latest.current !== mine) return null;
        if (pre.error) {
          set((s) => ({ ...s, status: 'error', phase: null, error: pre.error, recovery: null }));
          return null;
        }
        ready.current = null; // the worker lets the ready model go when this load starts
        const info = await engine.load(source, device, dtype, {
          onPhase: (phase, detail) => set((s) => ({ ...s, phase, phaseDetail: detail })),
          onProgress: progress,
          onNotice: (n) => set((s) => ({ ...s, notices: withNotice(s.notices, n) })),
        });
        const notices = (s: EngineState) => (recovery ? withNotice(s.notices, recovery.notice) : s.notices);
        set((s) => ({ ...s, status: 'ready', phase: 'ready', info, error: null, recovery: null, notices: notices(s) }));
        if (recovery && latest.current === mine) loss.current.recoveredAt = Date.now();
        if (latest.current === mine) loss.current.ranDtype = info.dtype;
        return latest.current === mine ? info : null;
      } catch (e) {
        set((s) => ({ ...s, status: 'error', phase: null, error: toEngineError(e), recovery: null }));
        return null;
      } finally {
        if (latest.current === mine) loss.current.reloading = false;
      }
    },
    [engine, onProgress, lastLoad, loss, latest],
  );

  // The GPU was lost (EngineClient has already replaced the worker): load the same model again, by itself.
  useEffect(() => engine.on('device-lost', () => onDeviceLost(load)), [engine, load, onDeviceLost]);

  const unload = useCallback(async () => {
    lastLoad.current = null;
    try {
      await engine.unload();
    } finally {
      setState((s) => ({ ...INITIAL, gpu: s.gpu }));
    }
  }, [engine, lastLoad]);

  const cancelPlanning = useCancelPlanning(engine, latest, lastLoad, ready, setState);

  const addNotice = useCallback((n: Notice) => {
    setState((s) => ({ ...s, notices: withNotice(s.notices, n) }));
  }, []);

  return { engine, chatEngine: localEngine(), state, load, unload, cancelPlanning, addNotice };
}

function withNotice(notices: Notice[], n: Notice): Notice[] {
  return [...notices.filter((x) => x.code !== n.code), n];
}

type Load = (source: ModelSource, device: DevicePreference, dtype: DtypePreference, label: string, recovery?: LossRecovery) => Promise<LoadedModelInfo | null>;

/**
 * What a lost GPU needs to remember: the load the user asked for, when the model was last reloaded after a loss, whether the
 * reload after it is running, the dtype that last loaded (its files are stored), and which load is the latest (an older
 * one's answer is ignored).
 */
function useLossRecovery() {
  const lastLoad = useRef<LoadRequest | null>(null);
  const loss = useRef<{ recoveredAt: number | null; reloading: boolean; ranDtype: Dtype | null }>({ recoveredAt: null, reloading: false, ranDtype: null });
  const latest = useRef(0);
  const onDeviceLost = useCallback((load: Load) => {
    const last = lastLoad.current;
    if (!last) return;
    const step = recoverFromLoss({ now: Date.now(), ...loss.current, device: last.device });
    loss.current.reloading = true;
    // On the CPU, the files that ran on the GPU (they are stored): `auto` there would be q8, a new download.
    const ran = loss.current.ranDtype;
    const dtype = step.kind === 'wasm' && ran ? ran : last.dtype;
    void load(last.source, step.device, dtype, last.label, step);
  }, []);
  return { lastLoad, loss, latest, onDeviceLost };
}
