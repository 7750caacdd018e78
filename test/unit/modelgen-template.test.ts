/** The real R1 chat template string (copied into the generator as data) under @huggingface/jinja. */
import { describe, expect, it } from 'vitest';
import { Template } from '@huggingface/jinja';
import { LEGACY_CHAT_TEMPLATE, R1_CHAT_TEMPLATE } from '../../tools/modelgen/chat-template.ts';

const ctx = { bos_token: '<｜begin▁of▁sentence｜>', eos_token: '<｜end▁of▁sentence｜>' };
const history = [
  { role: 'system', content: 'Be brief.' },
  { role: 'user', content: 'What is 2 + 2?' },
  { role: 'assistant', content: 'Two and two.\n</think>\n\nIt is **4**.' },
  { role: 'user', content: 'And 3 + 3?' },
];

describe('R1 chat template', () => {
  it('is the one-line official text', () => {
    expect(R1_CHAT_TEMPLATE).not.toContain('\n'); // `\n` escapes are two characters, as in tokenizer_config.json
    expect(R1_CHAT_TEMPLATE).toContain("{{'<｜Assistant｜><think>\\n'}}");
    expect(R1_CHAT_TEMPLATE).toContain("content.split('</think>')[-1]");
  });

  it('renders one BOS, the system prompt bare, and earlier assistant turns without reasoning', () => {
    const out = new Template(R1_CHAT_TEMPLATE).render({ ...ctx, messages: history, add_generation_prompt: true });
    expect(out).toBe(
      '<｜begin▁of▁sentence｜>Be brief.<｜User｜>What is 2 + 2?<｜Assistant｜>\n\nIt is **4**.<｜end▁of▁sentence｜>' +
        '<｜User｜>And 3 + 3?<｜Assistant｜><think>\n',
    );
    expect(out.split('<｜begin▁of▁sentence｜>')).toHaveLength(2);
  });

  it('keeps only the text after the last </think>, and leaves answers without one alone', () => {
    const msgs = [
      { role: 'user', content: 'q' },
      { role: 'assistant', content: 'a</think>b</think>final' },
      { role: 'user', content: 'q2' },
      { role: 'assistant', content: 'plain answer' },
    ];
    const out = new Template(R1_CHAT_TEMPLATE).render({ ...ctx, messages: msgs, add_generation_prompt: false });
    expect(out).toBe(
      '<｜begin▁of▁sentence｜><｜User｜>q<｜Assistant｜>final<｜end▁of▁sentence｜><｜User｜>q2<｜Assistant｜>plain answer<｜end▁of▁sentence｜>',
    );
  });

  it('legacy template ends the generation prompt at <｜Assistant｜>', () => {
    const out = new Template(LEGACY_CHAT_TEMPLATE).render({ ...ctx, messages: [{ role: 'user', content: 'hi' }], add_generation_prompt: true });
    expect(out).toBe('<｜begin▁of▁sentence｜><｜User｜>hi<｜Assistant｜>');
  });
});
