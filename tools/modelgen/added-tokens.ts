/**
 * The R1-Distill-Qwen added tokens at their real ids (model-format.md §1.4). `special: false` for <think>,
 * </think>, <｜User｜> and <｜Assistant｜> matters: `decode(..., {skip_special_tokens: true})` keeps them.
 */
export interface AddedTokenDef {
  id: number;
  content: string;
  special: boolean;
}

export const EOS = '<｜end▁of▁sentence｜>';
export const BOS = '<｜begin▁of▁sentence｜>';
export const USER = '<｜User｜>';
export const ASSISTANT = '<｜Assistant｜>';
export const THINK = '<think>';
export const END_THINK = '</think>';

export const EOS_ID = 151643;
export const USER_ID = 151644;
export const ASSISTANT_ID = 151645;
export const BOS_ID = 151646;
export const THINK_ID = 151648;
export const END_THINK_ID = 151649;
/** First added-token id = number of regular BPE ids in the real vocabulary. */
export const FIRST_ADDED_ID = 151643;
/** The model's vocab_size (logits dimension); ids 151665..151935 are padding rows, as in the real model. */
export const VOCAB_SIZE = 151936;

export const R1_ADDED_TOKENS: readonly AddedTokenDef[] = [
  { id: 151643, content: EOS, special: true },
  { id: 151644, content: USER, special: false },
  { id: 151645, content: ASSISTANT, special: false },
  { id: 151646, content: BOS, special: true },
  { id: 151647, content: '<|EOT|>', special: false },
  { id: 151648, content: THINK, special: false },
  { id: 151649, content: END_THINK, special: false },
  { id: 151650, content: '<|quad_start|>', special: true },
  { id: 151651, content: '<|quad_end|>', special: true },
  { id: 151652, content: '<|vision_start|>', special: true },
  { id: 151653, content: '<|vision_end|>', special: true },
  { id: 151654, content: '<|vision_pad|>', special: true },
  { id: 151655, content: '<|image_pad|>', special: true },
  { id: 151656, content: '<|video_pad|>', special: true },
  { id: 151657, content: '<tool_call>', special: false },
  { id: 151658, content: '</tool_call>', special: false },
  { id: 151659, content: '<|fim_prefix|>', special: false },
  { id: 151660, content: '<|fim_middle|>', special: false },
  { id: 151661, content: '<|fim_suffix|>', special: false },
  { id: 151662, content: '<|fim_pad|>', special: false },
  { id: 151663, content: '<|repo_name|>', special: false },
  { id: 151664, content: '<|file_sep|>', special: false },
];
