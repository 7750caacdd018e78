/**
 * Browser-only: let the worker read its messages between two ONNX Runtime runs.
 *
 * On the WASM backend `InferenceSession.run` finishes without ever returning to the event loop
 * (its promise settles as a microtask), so during `generate` the worker never sees a `stop`,
 * `reset` or `unload` message: Stop did nothing until the answer was complete. After each run we
 * wait for one macrotask (a MessageChannel round trip, ~0.05 ms, no 4 ms timer clamping), which
 * is when queued messages are delivered. On WebGPU runs already yield (GPU readback is async).
 */
import { InferenceSession } from 'onnxruntime-web/webgpu';

function macrotask(): Promise<void> {
  return new Promise((resolve) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => {
      ch.port1.close();
      resolve();
    };
    ch.port2.postMessage(null);
  });
}

let installed = false;

export function yieldBetweenRuns(): void {
  if (installed) return;
  installed = true;
  const proto = (InferenceSession as unknown as { prototype: object }).prototype as unknown as { run: (...args: unknown[]) => Promise<unknown> };
  const run = proto.run;
  proto.run = async function (this: unknown, ...args: unknown[]) {
    const out = await run.apply(this, args);
    await macrotask();
    return out;
  };
}
