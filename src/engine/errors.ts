/**
 * Any thrown value → an `EngineError` with a sentence a user understands. Pure.
 *
 * The patterns are the real texts thrown by transformers.js 4.3.1 and onnxruntime-web 1.31-dev
 * (the examples below are the texts those libraries throw), e.g.
 * - `… Program Cast requires f16 but the device does not support it.` (q4f16 on SwiftShader, at run)
 * - `The device (webgpu) does not support fp16.` (transformers.js pre-check, at load)
 * - `no available backend found. ERR: [webgpu] Error: Failed to get GPU adapter. …`
 * - `Could not locate file: "…/onnx/model_q4.onnx".` (ModelFileNotFoundError, 404)
 * - `TypeError: Failed to fetch` (network)
 * - `RangeError: Array buffer allocation failed`, `Failed to allocate a buffer …`, `Aborted(OOM)`
 * - `RuntimeError: memory access out of bounds` (the wasm heap overrun by one 3,000-token prefill
 *   without chunking: ~1.8 GB of logits; tools/bench/prefill-memory-browser.ts), and on WebGPU
 *   `… Failed to download data from buffer … [Invalid Buffer] is invalid due to a previous error` (the
 *   logits buffer could not be created)
 */
import { EngineFailure, errorText, isEngineError, type EngineError, type EngineErrorCode } from '../core/index.ts';

export { errorText };

export type ErrorPhase = 'load' | 'generate' | 'download';


const F16 = /requires f16|does not support fp16|'f16' type used without 'f16' extension|shader-f16/i;
/**
 * A lost GPU: Dawn's "Device is lost" / "Device was lost", the text every WebGPU object of a crashed GPU process
 * reports ("A valid external Instance reference no longer exists."), a dropped GPU channel, and the
 * `GPUDevice.lost` info the host itself reports (`GPUDevice.lost (unknown): …`).
 */
const DEVICE_LOST =
  /device (?:was |is |has been )?lost|devicelost|DEVICE_LOST|GPUDevice.*destroyed|GPUDevice\.lost|device was destroyed|external Instance reference no longer exists|GPU connection (?:was )?lost|GPU process (?:crashed|was lost|exited)/i;
const NO_ADAPTER = /Failed to get GPU adapter|No supported adapters|Failed to get a WebGPU adapter|no available backend found[^]*webgpu|requestAdapter/i;
const NO_WEBGPU = /Unsupported device: "webgpu"|WebGPU is not supported|navigator\.gpu is undefined/i;
const OOM =
  /out of memory|Failed to allocate|Array buffer allocation failed|Aborted\(OOM\)|\bOOM\b|bad_alloc|Cannot enlarge memory|could not allocate|WebAssembly\.Memory\(\): could not|Maximum call stack|GPUOutOfMemoryError|allocation failed|memory access out of bounds|Failed to download data from buffer|Invalid Buffer/i;
const QUOTA = /QuotaExceededError|quota/i;
const MISSING = /ModelFileNotFoundError|Could not locate file|file was not found locally|\b404\b|Not found|ENOENT|no such file/i;
const NETWORK =
  /Failed to fetch|NetworkError|network error|fetch failed|Load failed|ECONNREFUSED|ECONNRESET|ENOTFOUND|ETIMEDOUT|ERR_INTERNET_DISCONNECTED|ERR_CONNECTION|socket hang up|terminated/i;
const CORRUPT =
  /protobuf parsing failed|Failed to load model|invalid model|Unexpected token '<'|is not valid JSON|Unexpected end of JSON|JSON\.parse|corrupt|invalid wire type|index out of range/i;
const ABORT = /AbortError|aborted by the user|The user aborted/i;

export function isF16Error(e: unknown): boolean {
  return F16.test(errorText(e));
}

export function classifyErrorCode(text: string): EngineErrorCode {
  if (F16.test(text)) return 'f16-unsupported';
  if (DEVICE_LOST.test(text)) return 'device-lost';
  if (NO_WEBGPU.test(text)) return 'no-webgpu';
  if (NO_ADAPTER.test(text)) return 'no-adapter';
  if (QUOTA.test(text)) return 'quota';
  if (OOM.test(text)) return 'out-of-memory';
  if (ABORT.test(text)) return 'aborted';
  if (MISSING.test(text)) return 'missing-file';
  if (NETWORK.test(text)) return 'network';
  if (CORRUPT.test(text)) return 'corrupt-file';
  return 'unknown';
}

const MESSAGES: Record<EngineErrorCode, (phase: ErrorPhase) => string> = {
  'no-webgpu': () =>
    'This browser has no WebGPU. Choose "CPU (WASM)" as the device, or use a browser with WebGPU (Chrome, Edge).',
  'no-adapter': () =>
    'WebGPU could not get a GPU adapter (it may be disabled, or the GPU is blocklisted). Choose "CPU (WASM)" as the device.',
  'f16-unsupported': () =>
    'This GPU cannot run 16-bit (f16) shaders, which the q4f16 model needs. Choose the q4 model instead.',
  'out-of-memory': (phase) =>
    phase === 'generate'
      ? 'The device ran out of memory while answering. Try a shorter conversation (start a new chat), a smaller "max new tokens", or close other tabs.'
      : 'The device ran out of memory while loading the model. Close other tabs or apps, or try a smaller model or dtype.',
  'device-lost': (phase) =>
    phase === 'generate'
      ? 'The GPU was lost while answering (its process crashed or the driver reset): the answer so far is kept and the model is being loaded again.'
      : 'The GPU was lost (its process crashed or the driver reset). Load the model again; if it keeps happening, choose "CPU (WASM)".',
  network: (phase) =>
    phase === 'generate'
      ? 'A network request failed.'
      : 'The model files could not be downloaded: the network request failed. Check the connection (or the model host) and press Load again; finished files are kept.',
  'missing-file': () =>
    'A file the model needs is missing on the server or in the folder (for example onnx/model_q4.onnx or tokenizer.json). Check the model id, the dtype, or the folder you picked.',
  quota: () => 'There is not enough storage space for the model. Free some space (or delete other models) and try again.',
  'corrupt-file': () =>
    'A model file is damaged or is not what was expected (for example an HTML page instead of JSON, or a truncated .onnx file). Delete the stored copy and load again.',
  'prompt-too-long': () => 'The message is too long for the context window.',
  'empty-prompt': () => 'Type a message first.',
  'not-loaded': () => 'Load a model first.',
  busy: () => 'An answer is already being generated. Wait for it, or press Stop.',
  aborted: () => 'The download was cancelled.',
  // A remote server's failures carry their own sentences (src/remote/errors.ts); these are the fallbacks.
  'remote-auth': () => 'The server refused the API key.',
  'rate-limited': () => 'The server is limiting requests. Wait a little and try again.',
  'remote-unreachable': () => 'Nothing answers at the server address.',
  'remote-cors': () => 'The server does not allow this page (CORS).',
  'remote-not-found': () => 'The server has no such model.',
  'remote-refused': () => 'The server refused the request.',
  'remote-server': () => 'The server failed to answer.',
  'stream-cut': () => 'The connection to the server broke in the middle of the answer. The part that arrived is kept.',
  unknown: (phase) =>
    phase === 'generate'
      ? 'Something went wrong while generating the answer. Your message is kept; try again.'
      : 'Something went wrong while loading the model. See the details, then try again.',
};

export function userMessage(code: EngineErrorCode, phase: ErrorPhase): string {
  return MESSAGES[code](phase);
}

/** The UI catalogue's key for `userMessage(code, phase)`. */
export function userMessageKey(code: EngineErrorCode, phase: ErrorPhase): string {
  const byPhase = code === 'out-of-memory' || code === 'network' || code === 'unknown' || code === 'device-lost';
  return `errors.${code}${byPhase ? (phase === 'generate' ? '-generate' : '-load') : ''}`;
}

/** The error for a `GPUDevice.lost` report (`reason`, `message` as the browser gives them). */
export function deviceLostError(reason: string, message: string, phase: ErrorPhase): EngineError {
  return {
    code: 'device-lost',
    message: userMessage('device-lost', phase),
    detail: `GPUDevice.lost (${reason}): ${message}`,
    key: userMessageKey('device-lost', phase),
  };
}

/** Classify anything thrown during `phase` into a typed, readable error. */
export function toEngineError(e: unknown, phase: ErrorPhase): EngineError {
  if (isEngineError(e)) return e;
  if (e instanceof EngineFailure) return e.error;
  const detail = errorText(e);
  const code = classifyErrorCode(detail);
  return { code, message: userMessage(code, phase), detail, key: userMessageKey(code, phase) };
}
