/**
 * Saved benchmark results (Dexie 4 over IndexedDB), in their own small database so they never touch
 * the chats or the model files.
 */
import Dexie, { type EntityTable } from 'dexie';
import type { BenchmarkRecord } from '../../diagnostics/benchmark.ts';

export type ResultsDB = Dexie & { benchmarks: EntityTable<BenchmarkRecord, 'id'> };

export const RESULTS_DB_NAME = 'local-r1-hardware';

export function openResultsDb(name = RESULTS_DB_NAME, options?: ConstructorParameters<typeof Dexie>[1]): ResultsDB {
  const db = new Dexie(name, options) as ResultsDB;
  db.version(1).stores({ benchmarks: 'id, createdAt' });
  return db;
}

let shared: ResultsDB | null = null;
function db(): ResultsDB {
  shared ??= openResultsDb();
  return shared;
}

/** Newest first. */
export async function listResults(): Promise<BenchmarkRecord[]> {
  return db().benchmarks.orderBy('createdAt').reverse().toArray();
}

export async function saveResult(r: BenchmarkRecord): Promise<void> {
  await db().benchmarks.put(r);
}

export async function deleteResult(id: string): Promise<void> {
  await db().benchmarks.delete(id);
}
