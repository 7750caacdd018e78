import { describe, expect, it } from 'vitest';
import { recoverFromLoss, REPEAT_LOSS_MS } from '../../src/worker/restarts.ts';

const MIN = 60_000;

describe('recoverFromLoss', () => {
  it('a first loss reloads the same model on the device the user chose, in a fresh worker, and says so', () => {
    const step = recoverFromLoss({ now: 10 * MIN, recoveredAt: null, reloading: false, device: 'webgpu' });
    expect(step).toMatchObject({ kind: 'reload', device: 'webgpu', notice: { code: 'gpu-lost' } });
    expect(step.notice.message).toMatch(/GPU was lost/);
    expect(recoverFromLoss({ now: 10 * MIN, recoveredAt: null, reloading: false, device: 'auto' }).device).toBe('auto');
  });

  it('a loss long after the last reload reloads on the GPU again', () => {
    const step = recoverFromLoss({ now: 10 * MIN, recoveredAt: 10 * MIN - REPEAT_LOSS_MS, reloading: false, device: 'webgpu' });
    expect(step.kind).toBe('reload');
  });

  it('a loss within two minutes of the last reload falls back to WASM with a notice instead of looping', () => {
    const step = recoverFromLoss({ now: 10 * MIN, recoveredAt: 10 * MIN - MIN, reloading: false, device: 'webgpu' });
    expect(step).toMatchObject({ kind: 'wasm', device: 'wasm', notice: { code: 'gpu-lost-wasm' } });
    expect(step.notice.message).toMatch(/lost again within two minutes of reloading the model.*CPU \(WASM\)/);
  });

  it('a loss while the model is being reloaded after a loss falls back to WASM', () => {
    const step = recoverFromLoss({ now: 30 * MIN, recoveredAt: 0, reloading: true, device: 'webgpu' });
    expect(step).toMatchObject({ kind: 'wasm', device: 'wasm' });
    expect(step.notice.message).toMatch(/lost again while the model was being reloaded/);
  });
});
