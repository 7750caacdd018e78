import type { LoadedModelInfo } from '../../core/index.ts';
import type { HardwareReport } from '../../diagnostics/probe.ts';
import type { EngineClient } from '../../worker/client.ts';

/** What the benchmark and the correctness check work with: the engine, the loaded model, the hardware report. */
export interface HardwareSectionProps {
  engine: EngineClient;
  info: LoadedModelInfo | null;
  report: HardwareReport | null;
}
