/**
 * 简体中文 end to end: a browser whose language is Chinese (`locale: 'zh-CN'` sets navigator.languages in
 * Chromium) gets the whole app in Chinese: a chat runs (load, ask, the reasoning panel, stats, export) and
 * every view it can open shows no English catalogue text; switching to English in Settings applies at once
 * and survives a reload. The English catalogue is the list of texts that must not appear: any visible text
 * equal to an English value that differs from its Chinese one (or matching an English sentence with values
 * filled in) fails. Model output, the user's own words and proper names are not UI text.
 */
import type { Page } from '@playwright/test';
import { en } from '../../src/ui/i18n/en.ts';
import { zhCN } from '../../src/ui/i18n/zh-CN.ts';
import { leaves } from '../support/catalogue.ts';
import { ensureModel } from '../support/models.ts';
import { startApiProcess } from '../support/api-process.ts';
import { answers, CHAT_LONG, expect, modelQuery, test, waitForAnswer } from './chat-fixtures.ts';

test.beforeEach(({}, info) => {
  test.skip(info.project.name === 'webgpu', 'UI text does not depend on the device: run once, on WASM');
});


/** English texts that are translated (equal in both catalogues = a proper name or a code like `q4`). */
const ENGLISH = (() => {
  const zh = leaves(zhCN);
  const plain = new Set<string>();
  const patterns: { key: string; re: RegExp }[] = [];
  for (const [key, text] of leaves(en)) {
    if (zh.get(key) === text) continue;
    const t = text.trim();
    if (!t.includes('{{')) {
      plain.add(t);
      continue;
    }
    // A sentence with values: its words around the values must be there. Only with enough English words
    // around them to say anything (`{{how}} · {{time}}` would match any text).
    const literal = t.replace(/\{\{[^}]*\}\}/g, ' ');
    if ((literal.match(/[A-Za-z]{3,}/g) ?? []).length < 2) continue;
    const source = t
      .split(/\{\{[^}]*\}\}/)
      .map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('.+?');
    patterns.push({ key, re: new RegExp(`^${source}$`) });
  }
  return { plain, patterns };
})();

/** Visible UI text: body text (without model output and the user's words) and the labels people and screen readers get. */
async function visibleUiText(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const style = document.createElement('style');
    // Model output and what the user typed are not UI strings.
    style.textContent = '.answer, .reasoning__body, .msg__text, .conv__open, .chat__title, .status-line__model { display: none !important; }';
    document.head.append(style);
    const text = document.body.innerText;
    style.remove();
    const attrs = [...document.querySelectorAll('[placeholder], [aria-label], [title]')].flatMap((el) =>
      ['placeholder', 'aria-label', 'title'].map((a) => el.getAttribute(a) ?? ''),
    );
    return [...text.split('\n'), ...attrs];
  });
}

function englishIn(lines: readonly string[]): string[] {
  const segments = lines.flatMap((l) => [l, ...l.split(' · ')]).map((s) => s.trim()).filter((s) => s !== '');
  return [
    ...new Set(
      segments.flatMap((s) => {
        if (ENGLISH.plain.has(s)) return [s];
        const hit = ENGLISH.patterns.find((p) => p.re.test(s));
        return hit ? [`${s}  (${hit.key})`] : [];
      }),
    ),
  ];
}

async function expectNoEnglish(page: Page, where: string): Promise<void> {
  expect(englishIn(await visibleUiText(page)), `English UI text on ${where}`).toEqual([]);
}

async function openView(page: Page, name: string): Promise<void> {
  await page.getByRole('navigation', { name: '视图' }).getByRole('button', { name, exact: true }).click();
}

test('a Chinese browser gets the app in Chinese: a whole chat, every view, no English UI text', async ({ browser, chatApp }, info) => {
  const context = await browser.newContext({ locale: 'zh-CN' });
  const page = await context.newPage();
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  try {
    await page.goto(chatApp.url + modelQuery('tiny-scripted', info));
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
    await expect(page.getByText('请先加载模型，然后提问。')).toBeVisible();
    // The model picker, with its advanced part open.
    await page.locator('details.advanced > summary').click();
    await expectNoEnglish(page, 'the chat before loading');

    await page.getByRole('button', { name: '加载', exact: true }).click();
    const box = page.getByRole('textbox', { name: '你的消息' });
    await expect(box).toBeEnabled({ timeout: 180_000 });
    await expect(page.getByTestId('device')).toHaveText('WASM（CPU）');
    await expect(page.locator('[data-notice="wasm-slow"]')).toContainText('未找到 WebGPU 适配器');

    await box.fill('   ');
    await box.press('Enter');
    await expect(page.getByText('请先输入问题。')).toBeVisible();
    await box.fill('二加二等于几？');
    await box.press('Enter');
    await waitForAnswer(page, 0);
    const answer = answers(page).first();
    await expect(answer.locator('details[data-part="reasoning"] summary')).toHaveText(/^已思考 \d+(\.\d)? 秒$/);
    await expect(answer.getByTestId('stats')).toHaveText(/^\d+ 个词元 · 首个词元 [\d.]+ 秒 · 预填充 [\d.,]+ 词元\/秒 · 解码 [\d.,]+ 词元\/秒/);
    await expect(answer.getByRole('button', { name: '重新生成' })).toBeVisible();
    await expectNoEnglish(page, 'the chat after an answer');

    // Export keeps the conversation's own words; the button is Chinese, the file is the v1 format.
    const [md] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出 Markdown' }).click()]);
    expect(md.suggestedFilename()).toMatch(/\.md$/);

    // The question's edit form and the sidebar's rename form.
    await page.locator('article[data-role="user"]').getByRole('button', { name: '编辑' }).click();
    await expect(page.getByText('此问题之后的回答将被替换。')).toBeVisible();
    await expectNoEnglish(page, 'the edit form');
    await page.locator('article[data-role="user"]').getByRole('button', { name: '取消' }).click();
    await page.getByRole('button', { name: /^重命名“/ }).first().click();
    await expectNoEnglish(page, 'the rename form');
    await page.keyboard.press('Escape');

    // The collapsed model panel opened again.
    await page.getByRole('button', { name: '更换模型' }).click();
    await expectNoEnglish(page, 'the model panel');
    // The remote-server form, its advanced part, what it says when the address is missing or answers nothing.
    await page.getByLabel('你运行的服务器（OpenAI 兼容）').check();
    await page.getByText('正文中的推理', { exact: true }).click();
    await page.getByRole('button', { name: '列出其模型' }).click();
    await expect(page.getByTestId('remote-error')).toHaveText('请输入服务器地址，例如 http://localhost:8000/v1。');
    await expectNoEnglish(page, 'the remote-server form');
    await page.getByLabel('服务器地址（其 OpenAI 基础 URL）').fill('http://127.0.0.1:9/v1');
    await page.getByRole('button', { name: '列出其模型' }).click();
    await expect(page.getByTestId('remote-error')).toContainText('127.0.0.1:9 没有任何应答', { timeout: 60_000 });
    await expectNoEnglish(page, 'the remote-server form with an error');

    await openView(page, '设置');
    await expect(page.getByRole('heading', { name: '设置' })).toBeVisible();
    await expectNoEnglish(page, 'Settings');

    await openView(page, '硬件');
    await expect(page.getByRole('heading', { name: '此浏览器与设备' })).toBeVisible();
    await expect(page.getByTestId('cores')).toBeVisible();
    await expectNoEnglish(page, 'Hardware');

    await openView(page, '存储');
    await expect(page.getByTestId('stored-model').first()).toBeVisible();
    await expectNoEnglish(page, 'Storage');
    await page.getByTestId('stored-model').first().getByRole('button', { name: '删除' }).click();
    await expect.poll(() => dialogs.length).toBe(1);
    expect(dialogs[0]).toMatch(/^要从此浏览器中删除 .+吗？/);
  } finally {
    await context.close();
  }
});

test('English chosen in Settings applies at once and survives a reload; System follows the browser again', async ({ browser, chatApp }) => {
  const context = await browser.newContext({ locale: 'zh-CN' });
  const page = await context.newPage();
  try {
    await page.goto(chatApp.url);
    await openView(page, '设置');
    const language = page.getByTestId('language');
    await expect(language.locator('option').first()).toHaveText('跟随系统（简体中文）');
    await language.selectOption('en');
    await expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Chat' })).toBeVisible();

    await page.reload();
    await expect(page.getByRole('navigation', { name: 'Views' })).toBeVisible();
    await expect(page.getByText('Load a model, then ask a question.')).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');

    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Settings' }).click();
    await expect(page.getByTestId('language').locator('option').first()).toHaveText('System (简体中文)');
    await page.getByTestId('language').selectOption('');
    await expect(page.getByRole('heading', { name: '设置' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  } finally {
    await context.close();
  }
});

test('a server answering in Chinese: the status line, the answer’s mark and the sidebar badge', async ({ browser, chatApp }) => {
  test.setTimeout(300_000);
  const server = await startApiProcess(await ensureModel('chat-long', CHAT_LONG));
  const context = await browser.newContext({ locale: 'zh-CN' });
  const page = await context.newPage();
  try {
    await page.goto(chatApp.url);
    await page.getByLabel('你运行的服务器（OpenAI 兼容）').check();
    await page.getByLabel('服务器地址（其 OpenAI 基础 URL）').fill(server.baseURL);
    await page.getByRole('button', { name: '列出其模型' }).click();
    await expect(page.getByTestId('remote-models')).toHaveText(`该服务器有 1 个模型：${server.model}。`);
    await expectNoEnglish(page, 'the remote-server form with its model list');
    await page.getByRole('button', { name: '使用此服务器' }).click();
    const host = new URL(server.baseURL).host;
    await expect(page.getByTestId('status-line')).toContainText(`对话发送到 ${host}，而不是此浏览器中的模型`);
    const box = page.getByRole('textbox', { name: '你的消息' });
    await box.fill('讲个长故事。');
    await box.press('Enter');
    const answer = answers(page).first();
    await expect(answer.getByTestId('answer-remote')).toContainText(`${host} 上的 ${server.model}`, { timeout: 120_000 });
    await page.getByRole('button', { name: '停止', exact: true }).click();
    await expect(answer).toHaveAttribute('data-status', 'stopped', { timeout: 30_000 });
    await expect(page.getByTestId('conv-remote')).toHaveText(`经由 ${host}`);
    await expectNoEnglish(page, 'a chat with a server');
  } finally {
    await context.close();
    server.kill();
  }
});
