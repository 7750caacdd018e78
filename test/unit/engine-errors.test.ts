import { describe, expect, it } from 'vitest';
import { EngineFailure } from '../../src/core/index.ts';
import { deviceLostError, isF16Error, toEngineError } from '../../src/engine/errors.ts';

/** Real error texts, as transformers.js 4.3.1, onnxruntime-web and the browser throw them (src/engine/errors.ts lists where each comes from). */
const cases: [string, unknown, string][] = [
  [
    'q4f16 on SwiftShader at the first run',
    new Error(
      "failed to call OrtRun(). ERROR_CODE: 1, ERROR_MESSAGE: Non-zero status code returned while running Cast node. Name:'/Cast_n_73' Status Message: shader_helper.cc:416 GenerateSourceCode Program Cast requires f16 but the device does not support it.",
    ),
    'f16-unsupported',
  ],
  ['fp16 pre-check in transformers.js', new Error('The device (webgpu) does not support fp16.'), 'f16-unsupported'],
  [
    'webgpu forced without adapter',
    new Error(
      'no available backend found. ERR: [webgpu] Error: Failed to get GPU adapter. You may need to enable flag "--enable-unsafe-webgpu" if you are using Chrome.',
    ),
    'no-adapter',
  ],
  ['node webgpu', new Error("webgpu_context.cc:136 … Failed to get a WebGPU adapter: No supported adapters"), 'no-adapter'],
  ['unsupported device', new Error('Unsupported device: "webgpu". Should be one of: wasm.'), 'no-webgpu'],
  ['wasm heap', new RangeError('Array buffer allocation failed'), 'out-of-memory'],
  ['ort allocation', new Error('Failed to allocate a buffer of size 1234567890'), 'out-of-memory'],
  ['emscripten abort', new Error('Aborted(OOM)'), 'out-of-memory'],
  ['gpu oom', new Error('GPUOutOfMemoryError: Out of memory'), 'out-of-memory'],
  ['wasm heap overrun (long prefill in Chromium)', new Error('RuntimeError: memory access out of bounds'), 'out-of-memory'],
  [
    'GPU buffer too large (long prefill on WebGPU)',
    new Error(
      "failed to call OrtRun(). ERROR_CODE: 1, ERROR_MESSAGE: buffer_manager.cc:643 void onnxruntime::webgpu::BufferManager::Download(WGPUBuffer, void *, size_t) const map_async_result.status == wgpu::MapAsyncStatus::Success was false. Failed to download data from buffer. wgpu::MapAsyncStatus value: 3, message: Failed to execute 'mapAsync' on 'GPUBuffer': [Invalid Buffer (unlabeled)] is invalid due to a previous error.",
    ),
    'out-of-memory',
  ],
  ['device lost', new Error('Device was lost: The GPU device was destroyed'), 'device-lost'],
  // A crashed GPU process (Chromium's Browser.crashGpuProcess, chrome://gpucrash): what `GPUDevice.lost` says,
  // and what every later WebGPU call in that worker throws (Unload then Load ended with it).
  ['GPU process crashed (lost info)', new Error('A valid external Instance reference no longer exists.'), 'device-lost'],
  [
    'a run on a lost device',
    new Error(
      "failed to call OrtRun(). ERROR_CODE: 1, ERROR_MESSAGE: buffer_manager.cc:643 Failed to download data from buffer. wgpu::MapAsyncStatus value: 3, message: Failed to execute 'mapAsync' on 'GPUBuffer': Device is lost",
    ),
    'device-lost',
  ],
  ['GPU channel dropped', new Error('GPU connection lost'), 'device-lost'],
  ['the host’s GPUDevice.lost report', new Error('GPUDevice.lost (destroyed): Device was destroyed.'), 'device-lost'],
  ['network', new TypeError('Failed to fetch'), 'network'],
  ['node network', new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:9') }), 'network'],
  [
    'missing file (404)',
    Object.assign(new Error('Could not locate file: "http://127.0.0.1:1/x/resolve/main/onnx/model_q4.onnx".'), {
      name: 'ModelFileNotFoundError',
    }),
    'missing-file',
  ],
  [
    'local file missing',
    new Error('`local_files_only=true` or `env.allowRemoteModels=false` and file was not found locally at "/models/x/config.json".'),
    'missing-file',
  ],
  ['html instead of json', new SyntaxError("Unexpected token '<', \"<!doctype \"... is not valid JSON"), 'corrupt-file'],
  ['truncated onnx', new Error("Can't create a session. ERROR_CODE: 7, ERROR_MESSAGE: Failed to load model because protobuf parsing failed."), 'corrupt-file'],
  ['quota', new DOMException('The quota has been exceeded.', 'QuotaExceededError'), 'quota'],
  ['something else', new Error('weird'), 'unknown'],
  ['a string', 'boom', 'unknown'],
];

describe('toEngineError', () => {
  for (const [name, err, code] of cases) {
    it(`${name} → ${code}`, () => {
      const e = toEngineError(err, 'load');
      expect(e.code).toBe(code);
      expect(e.message.length).toBeGreaterThan(10);
      expect(e.detail).toBeTruthy();
    });
  }

  it('keeps the original text as detail and gives a plain sentence as message', () => {
    const e = toEngineError(new TypeError('Failed to fetch'), 'load');
    expect(e.detail).toContain('Failed to fetch');
    expect(e.message).not.toContain('TypeError');
    expect(e.message).toMatch(/network/i);
  });

  it('out of memory while generating suggests a shorter conversation', () => {
    expect(toEngineError(new Error('Failed to allocate'), 'generate').message).toMatch(/new chat|shorter/i);
  });

  it('a lost GPU while answering says what happened in one sentence: the answer is kept and the model reloads', () => {
    const e = toEngineError(new Error('A valid external Instance reference no longer exists.'), 'generate');
    expect(e.message).toMatch(/^The GPU was lost while answering[^.]*\.$/);
    expect(e.message).toMatch(/kept/);
    expect(e.message).not.toMatch(/memory/i);
    expect(deviceLostError('unknown', 'A valid external Instance reference no longer exists.', 'generate')).toEqual({
      code: 'device-lost',
      message: e.message,
      detail: 'GPUDevice.lost (unknown): A valid external Instance reference no longer exists.',
      key: 'errors.device-lost-generate',
    });
  });

  it('passes typed errors through', () => {
    const typed = { code: 'busy' as const, message: 'x' };
    expect(toEngineError(typed, 'generate')).toBe(typed);
    expect(toEngineError(new EngineFailure(typed), 'generate')).toBe(typed);
  });

  it('isF16Error', () => {
    expect(isF16Error(cases[0]![1])).toBe(true);
    expect(isF16Error(new Error('Failed to fetch'))).toBe(false);
  });
});
