/**
 * Built-in training text for the tiny BPE vocabulary (written for this project). It is mixed with the scripts so
 * that merges look like a real tokenizer's on ordinary prose, code and math (about 3 characters per token).
 */
export const SAMPLE_TEXT = `
The question asks for the sum of two numbers. First, I will read the problem carefully and write down what is given.
We know that the first number is two and the second number is also two, so the answer should be four. Let me check
this again: two plus two equals four, and four minus two equals two. That is consistent with what we found before.

When we reason step by step, we try to keep every intermediate result small and easy to verify. For example, to
compute 17 times 23 we can write 17 * 23 = 17 * 20 + 17 * 3 = 340 + 51 = 391. The result is 391. If the numbers
were larger, we would break them into tens and units in the same way, and then add the partial products together.

A good explanation starts with the main idea, then gives the details, and ends with a short summary. In this case
the main idea is that addition is commutative: a + b = b + a for all real numbers a and b. The details show why
this property holds for whole numbers, and the summary restates the final answer in one clear sentence.

Here is a small program in Python that prints the first ten square numbers:

def squares(n):
    return [i * i for i in range(1, n + 1)]

print(squares(10))

And the same idea in TypeScript:

function squares(n: number): number[] {
  return Array.from({ length: n }, (_, i) => (i + 1) ** 2);
}

In Markdown we can write a list of steps:

1. Read the question.
2. Think about what is being asked.
3. Solve the problem and check the result.

- **Bold text** stands out, while *italic text* adds emphasis.
- Inline code looks like \`const x = 4;\` and a link looks like [the docs](https://example.com).

Mathematics is often written with LaTeX. The quadratic formula is \\( x = \\frac{-b \\pm \\sqrt{b^2 - 4ac}}{2a} \\), and a
displayed equation looks like \\[ \\int_0^1 x^2 \\, dx = \\frac{1}{3}. \\] The final answer is \\( \\boxed{4} \\).

Wait, I should double-check the units. The speed is 60 kilometers per hour and the time is 2.5 hours, so the
distance is 60 * 2.5 = 150 kilometers. Yes, that is correct. Therefore, the train travels 150 km in total.

People ask many kinds of questions: about history, science, cooking, travel, language and music. A helpful answer
is honest about what it does not know, and it explains its reasoning so that the reader can follow every step.
The weather today is sunny with a light breeze; tomorrow it may rain in the afternoon, so take an umbrella.
`;
