import { describe, expect, it } from 'vitest';
import { DownloadTracker } from '../../src/engine/progress.ts';

describe('DownloadTracker', () => {
  it('aggregates files, bytes, speed and time left', () => {
    let t = 0;
    const d = new DownloadTracker(() => t, 1);
    d.onEvent({ status: 'initiate', file: 'config.json' });
    d.onEvent({ status: 'initiate', file: 'onnx/model_q4.onnx' });
    d.onEvent({ status: 'progress', file: 'config.json', loaded: 1000, total: 1000 });
    d.onEvent({ status: 'done', file: 'config.json' });
    t = 1000;
    d.onEvent({ status: 'progress', file: 'onnx/model_q4.onnx', loaded: 0, total: 10_000 });
    t = 2000;
    d.onEvent({ status: 'progress', file: 'onnx/model_q4.onnx', loaded: 4000, total: 10_000 });
    const s = d.snapshot();
    expect(s.total).toBe(11_000);
    expect(s.loaded).toBe(5000);
    expect(s.files.map((f) => [f.file, f.state])).toEqual([
      ['config.json', 'done'],
      ['onnx/model_q4.onnx', 'downloading'],
    ]);
    expect(s.bytesPerSec).toBeGreaterThan(3000);
    expect(s.bytesPerSec).toBeLessThanOrEqual(4000);
    expect(s.etaSec).toBeGreaterThan(1);
    expect(s.etaSec).toBeLessThan(2.1);
  });

  it('ignores events without a file and unknown statuses', () => {
    const d = new DownloadTracker(() => 0);
    expect(d.onEvent({ status: 'progress_total' })).toBe(false);
    expect(d.onEvent({ status: 'ready', file: 'x' })).toBe(false);
    expect(d.snapshot().files).toEqual([]);
    expect(d.snapshot().etaSec).toBe(0);
  });
});
