import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { test, expect } from './fixtures.ts';

test('smoke: picker lists models and uses the server', async ({ page, app }) => {
  const server = http.createServer((req, res) => {
    res.setHeader('access-control-allow-origin', '*');
    res.setHeader('access-control-allow-headers', '*');
    if (req.method === 'OPTIONS') return res.end();
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ object: 'list', data: [{ id: 'r1-test', object: 'model' }] }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  await page.goto(app.url);
  await page.getByLabel('A server you run (OpenAI-compatible)').check();
  await page.getByLabel('Server', { exact: true }).selectOption('ollama');
  await expect(page.getByLabel('Server address (its OpenAI base URL)')).toHaveValue('http://localhost:11434/v1');
  await page.getByLabel('Server address (its OpenAI base URL)').fill(url);
  await page.getByRole('button', { name: 'List its models' }).click();
  await expect(page.getByTestId('remote-models')).toContainText('r1-test');
  await expect(page.getByLabel('Model on the server')).toHaveValue('r1-test');
  await page.getByRole('button', { name: 'Use this server' }).click();
  await expect(page.getByTestId('remote-host')).toHaveText(new URL(url).host);
  await page.screenshot({ path: '/tmp/remote-smoke.png' });
  // CORS: a server without the header.
  server.close();
});
