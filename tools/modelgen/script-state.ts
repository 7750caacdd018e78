/**
 * How a scripted model knows what to say, computed by the network itself from the tokens and the KV cache.
 *
 * Per token t the model keeps two integers in its layer-0 value cache (last KV head, last 3 channels):
 *   A1(t) = 1 + index of the last `<｜Assistant｜>` token at or before t (0: none yet), stored as hi·1024 + lo
 *           so every channel stays an exact float16 integer (≤ 2048);
 *   U(t)  = number of `<｜User｜>` tokens at or before t (capped at 1000).
 * For the tokens of a forward call, the values come from the last cached token (a zero row when the cache is empty)
 * plus in-chunk arithmetic (a lower-triangular MatMul for the running count, a masked ReduceMax for the last
 * marker). Both depend only on the tokens and their cache index, so they stay right however the context is fed:
 * one prefill, several prefill chunks, a cache reused across turns, or a cache cut back to any prefix.
 *
 * From the state: d = t − A (tokens since the last `<｜Assistant｜>`), turn k = clip(U, 1, turns), and the script
 * position j = d − offset (offset 2 for the r1 template, whose prompt ends `<｜Assistant｜><think>\n`; 0 for legacy).
 * The wanted token id is looked up in a small table and written as ±1 into 32 "code" channels (one per id bit) that
 * are appended to the final hidden state. The lm_head's weights for those channels are ±CODE_SCALE by the bits of
 * each row's id, so the wanted id gains bits·CODE_SCALE and every other id at least 2·CODE_SCALE less: greedy and
 * low-temperature sampling both pick it, while the logits still come out of the full forward pass.
 * The o_proj inputs that read the state channels are exactly zero, so the state never leaks into the residual stream.
 */
import { DataType } from './onnx-writer.ts';
import type { GraphBuilder } from './graph-builder.ts';
import { ASSISTANT_ID, USER_ID } from './added-tokens.ts';

export const CODE_CHANNELS = 32;
/** Logit gain per matching id bit: the script token leads every other id by at least 2 × CODE_SCALE = 40. */
export const CODE_SCALE = 20;
const HI = 1024;
const USER_CAP = 1000;

export interface ScriptTables {
  /** Rows (embedding/lm_head rows) of each turn's tokens, EOS included as the last one. */
  turns: number[][];
  /** Script position offset: tokens between `<｜Assistant｜>` and the first scripted token, minus 1 (r1: 2). */
  offset: number;
  /** Bits needed for the largest row index. */
  codeBits: number;
}

export function makeScriptTables(turnRows: number[][], offset: number, rowCount: number): ScriptTables {
  if (turnRows.length === 0 || turnRows.some((t) => t.length === 0)) throw new Error('every turn needs tokens');
  const codeBits = Math.max(1, Math.ceil(Math.log2(rowCount)));
  if (codeBits > CODE_CHANNELS) throw new Error('vocabulary too large for the code channels');
  return { turns: turnRows, offset, codeBits };
}

/** lm_head codes of the code block for row n: 9 (+1) where bit k of n is set, 7 (−1) where not, 8 (0) unused. */
export function codeBlockCodes(n: number, bits: number): Uint8Array {
  const c = new Uint8Array(CODE_CHANNELS).fill(8);
  for (let k = 0; k < bits; k++) c[k] = Math.floor(n / 2 ** k) % 2 === 1 ? 9 : 7;
  return c;
}

export interface ScriptStateArgs {
  act: number;
  kvHeads: number;
  headDim: number;
  /** int64 scalars: new tokens, cached tokens, total. */
  S: string;
  P: string;
  T: string;
  tables: ScriptTables;
  /** Layer 0's v_proj output (after bias), [B, S, kvHeads*headDim]. */
  valueProj: string;
}

/** Adds the state path; returns layer 0's value tensor with the state written in, and the code channels. */
export function addScriptState(g: GraphBuilder, a: ScriptStateArgs): { value: string; code: string } {
  const F = DataType.FLOAT;
  const p = '/model/script';
  const f = (v: number) => g.f32([v], true);
  const KVD = a.kvHeads * a.headDim;

  // Indices of the new tokens in the cache, +1 (float), and the lower-triangular matrices.
  const rS = g.op('Range', [g.i64([0], true), a.S, g.i64([1], true)], undefined, `${p}/RangeS`);
  const idx1 = g.op('Cast', [g.op('Range', [g.op('Add', [a.P, g.i64([1], true)]), g.op('Add', [a.T, g.i64([1], true)]), g.i64([1], true)])], { to: F }, `${p}/Index1`);
  const triT = g.op('Cast', [g.op('LessOrEqual', [g.op('Unsqueeze', [rS, g.i64([1])]), g.op('Unsqueeze', [rS, g.i64([0])])])], { to: F }, `${p}/TriT`); // [j,i] = j<=i
  const tri = g.op('Transpose', [triT], { perm: [1, 0] }, `${p}/Tri`); // [i,j] = j<=i

  const isUser = g.op('Cast', [g.op('Equal', ['input_ids', g.i64([USER_ID], true)])], { to: F }, `${p}/IsUser`);
  const isAsst = g.op('Cast', [g.op('Equal', ['input_ids', g.i64([ASSISTANT_ID], true)])], { to: F }, `${p}/IsAssistant`);
  const cumUser = g.op('MatMul', [isUser, triT], undefined, `${p}/CumUser`); // [B,S]
  const asstAt = g.op('Mul', [isAsst, idx1], undefined, `${p}/AssistantAt`); // [B,S]
  const lastAsst = g.op('ReduceMax', [g.op('Mul', [g.op('Unsqueeze', [asstAt, g.i64([1])]), tri])], { axes: [2], keepdims: 0 }, `${p}/LastAssistant`);

  // State of the last cached token (zeros for an empty cache).
  const past = g.op('Slice', ['past_key_values.0.value', g.i64([a.kvHeads - 1, a.headDim - 3]), g.i64([a.kvHeads, a.headDim]), g.i64([1, 3])], undefined, `${p}/PastState`);
  const padded = g.op('Pad', [past, g.i64([0, 0, 1, 0, 0, 0, 0, 0])], { mode: { s: 'constant' } }, `${p}/PadPast`);
  const last = g.op('Slice', [padded, g.i64([-1]), g.i64([2 ** 53 - 1]), g.i64([2])], undefined, `${p}/LastCached`);
  const lastF = g.op('Cast', [g.op('Reshape', [last, g.i64([0, 3])])], { to: F }, `${p}/LastCachedF`); // [B,3]
  const col = (i: number) => g.op('Slice', [lastF, g.i64([i]), g.i64([i + 1]), g.i64([1])], undefined, `${p}/Prev${i}`);
  const prevA1 = g.op('Add', [g.op('Mul', [col(0), f(HI)]), col(1)], undefined, `${p}/PrevA1`); // [B,1]
  const user = g.op('Min', [g.op('Add', [col(2), cumUser]), f(USER_CAP)], undefined, `${p}/UserCount`); // [B,S]
  const a1 = g.op('Max', [prevA1, lastAsst], undefined, `${p}/A1`); // [B,S]
  const hi = g.op('Floor', [g.op('Div', [a1, f(HI)])], undefined, `${p}/A1Hi`);
  const lo = g.op('Sub', [a1, g.op('Mul', [hi, f(HI)])], undefined, `${p}/A1Lo`);
  const unsq = (x: string) => g.op('Unsqueeze', [x, g.i64([2])]);
  let state = g.op('Concat', [unsq(hi), unsq(lo), unsq(user)], { axis: 2 }, `${p}/State`); // [B,S,3]
  if (a.act !== F) state = g.op('Cast', [state], { to: a.act }, `${p}/StateCast`);
  const keep = g.op('Slice', [a.valueProj, g.i64([0]), g.i64([KVD - 3]), g.i64([2])], undefined, `${p}/ValueKeep`);
  const value = g.op('Concat', [keep, state], { axis: 2 }, `${p}/ValueWithState`);

  // Script position → wanted row → ±1 code channels.
  const t = a.tables;
  const bases: number[] = [];
  let rowsSoFar = 0;
  for (const turn of t.turns) {
    bases.push(rowsSoFar);
    rowsSoFar += turn.length;
  }
  const neutral = rowsSoFar;
  const table = [...t.turns.flat(), 0];
  const d = g.op('Sub', [idx1, a1], undefined, `${p}/SinceAssistant`);
  const j = g.op('Sub', [d, f(t.offset)], undefined, `${p}/ScriptPos`);
  const valid = g.op('And', [g.op('Greater', [a1, f(0)]), g.op('GreaterOrEqual', [j, f(0)])], undefined, `${p}/Valid`);
  const turn = g.op('Cast', [g.op('Sub', [g.op('Clip', [user, f(1), f(t.turns.length)]), f(1)])], { to: DataType.INT64 }, `${p}/Turn`);
  const base = g.op('Gather', [g.f32(bases), turn], { axis: 0 }, `${p}/TurnBase`);
  const lastPos = g.op('Gather', [g.f32(t.turns.map((x) => x.length - 1)), turn], { axis: 0 }, `${p}/TurnLast`);
  const row = g.op('Add', [base, g.op('Min', [j, lastPos])], undefined, `${p}/Row`);
  const rowOrNeutral = g.op('Where', [valid, row, f(neutral)], undefined, `${p}/RowOrNeutral`);
  const wanted = g.op('Gather', [g.f32(table), g.op('Cast', [rowOrNeutral], { to: DataType.INT64 })], { axis: 0 }, `${p}/Wanted`);
  const pow2 = Array.from({ length: 32 }, (_, k) => 2 ** k);
  const w3 = g.op('Unsqueeze', [wanted, g.i64([2])], undefined, `${p}/Wanted3`);
  const f1 = g.op('Floor', [g.op('Div', [w3, g.f32(pow2)])]);
  const f2 = g.op('Floor', [g.op('Div', [w3, g.f32(pow2.map((x) => 2 * x))])]);
  const bit = g.op('Sub', [f1, g.op('Mul', [f2, f(2)])], undefined, `${p}/Bits`);
  const validF = g.op('Unsqueeze', [g.op('Cast', [valid], { to: F }), g.i64([2])]);
  let code = g.op('Mul', [g.op('Sub', [g.op('Mul', [bit, f(2)]), f(1)]), validF], undefined, `${p}/Code`); // [B,S,32]
  if (a.act !== F) code = g.op('Cast', [code], { to: a.act }, `${p}/CodeCast`);
  return { value, code };
}
