/**
 * `--reasoning-in-content`: the stream as a server without a reasoning parser sends it (vLLM or SGLang
 * without `--reasoning-parser`, Ollama, LM Studio): the reasoning is not split into `reasoning_content`
 * but stays in `content`, ended by `</think>`, as the model wrote it. The opening `<think>` is not sent:
 * the R1 chat template wrote it into the prompt. For testing clients that must split the text themselves.
 */
import type { ChatCompletionChunk } from '../../../src/core/index.ts';

/** A mapper for one stream's chunks (stateful: it remembers whether the reasoning is still open). */
export function reasoningInContent(): (chunk: ChatCompletionChunk) => ChatCompletionChunk {
  let inReasoning = false;
  return (chunk) => ({
    ...chunk,
    choices: chunk.choices.map((c) => {
      const { reasoning_content: reasoning, content, ...rest } = c.delta;
      let text = '';
      if (reasoning) {
        inReasoning = true;
        text += reasoning;
      }
      if (content) {
        if (inReasoning) text += '</think>\n\n';
        inReasoning = false;
        text += content;
      }
      return { ...c, delta: text || content === '' ? { ...rest, content: text } : rest };
    }),
  });
}
