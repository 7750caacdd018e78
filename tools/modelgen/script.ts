/** Script data: validation and loading (`{ "turns": ["…", …] }`, from a JSON file or an object). */
import fs from 'node:fs';
import type { Script } from './types.ts';

export function validateScript(value: unknown, where = 'script'): Script {
  if (typeof value !== 'object' || value === null || !Array.isArray((value as { turns?: unknown }).turns)) {
    throw new Error(`${where}: expected an object { "turns": [string, …] }`);
  }
  const turns = (value as { turns: unknown[] }).turns;
  if (turns.length === 0) throw new Error(`${where}: "turns" is empty`);
  turns.forEach((t, i) => {
    if (typeof t !== 'string') throw new Error(`${where}: turns[${i}] is not a string`);
  });
  // The tokenizer normalizes to NFC, so a script is compared (and generated) in NFC.
  return { turns: (turns as string[]).map((t) => t.normalize('NFC')) };
}

export function loadScript(file: string): Script {
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`cannot read script ${file}: ${(e as Error).message}`);
  }
  return validateScript(json, file);
}
