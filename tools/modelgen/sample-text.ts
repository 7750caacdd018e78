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

/**
 * Frequent English words, most frequent first (a short list written for this project). The trainer counts them
 * with Zipf-like weights (as " word" and "Word"), so whole common words become tokens as in a real vocabulary
 * and unseen English prose tokenizes at roughly 3 characters per token.
 */
export const COMMON_WORDS = `the of and to a in is it you that he was for on are with as I his they be at one have this
from or had by not word but what some we can out other were all there when up use your how said an each she which do
their time if will way about many then them write would like so these her long make thing see him two has look more
day could go come did number sound no most people my over know water than call first who may down side been now find
any new work part take get place made live where after back little only round man year came show every good me give
our under name very through just form sentence great think say help low line differ turn cause much mean before move
right boy old too same tell does set three want air well also play small end put home read hand port large spell add
even land here must big high such follow act why ask men change went light kind off need house picture try us again
animal point mother world near build self earth father head stand own page should country found answer school grow
study still learn plant cover food sun four between state keep eye never last let thought city tree cross farm hard
start might story saw far sea draw left late run while press close night real life few north open seem together next
white children begin got walk example ease paper group always music those both mark often letter until mile river car
feet care second book carry took science eat room friend began idea fish mountain stop once base hear horse cut sure
watch color face wood main enough plain girl usual young ready above ever red list though feel talk bird soon body dog
family direct pose leave song measure door product black short numeral class wind question happen complete ship area
half rock order fire south problem piece told knew pass since top whole king space heard best hour better true during
hundred five remember step early hold west ground interest reach fast verb sing listen six table travel less morning
ten simple several vowel toward war lay against pattern slow center love person money serve appear road map rain rule
govern pull cold notice voice unit power town fine certain fly fall lead cry dark machine note wait plan figure star
box noun field rest correct able pound done beauty drive stood contain front teach week final gave green quick develop
ocean warm free minute strong special mind behind clear tail produce fact street inch multiply nothing course stay
wheel full force blue object decide surface deep moon island foot system busy test record boat common gold possible
plane instead dry wonder laugh thousand ago ran check game shape equate miss brought heat snow tire bring yes distant
fill east paint language among answer result reason value because therefore equal equation compute calculate solve`
  .split(/\s+/)
  .filter(Boolean);
