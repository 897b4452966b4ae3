import { encodeEvent, protocolHeaders, type TokenwireEvent } from '@tokenwire/protocol';
import { expect, test } from './fixtures.js';

test('markdown renders while safe: heading, list, table, link and a highlighted code block with copy', async ({
  page,
  context,
  chat,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto('/');
  await chat.ask('Show me some markdown');
  await chat.waitForAnswer();
  const answer = chat.lastAnswer();

  await expect(answer.getByRole('heading').first()).toBeVisible();
  expect(await answer.getByRole('listitem').count()).toBeGreaterThanOrEqual(3);
  const table = answer.getByRole('table');
  await expect(table).toBeVisible();
  expect(await table.getByRole('row').count()).toBeGreaterThanOrEqual(3);
  const link = answer.getByRole('link').first();
  await expect(link).toHaveAttribute('target', '_blank');
  await expect(link).toHaveAttribute('rel', /noopener/);
  await expect(link).toHaveAttribute('href', /^https:\/\//);

  const codeBlock = answer.locator('[data-streamdown="code-block"]');
  await expect(codeBlock).toHaveCount(1);
  // Highlighted: tokens carry their own colours, so the block shows more than one colour.
  await expect
    .poll(() =>
      codeBlock
        .locator('code span span')
        .evaluateAll((spans) => new Set(spans.map((span) => getComputedStyle(span).color)).size),
    )
    .toBeGreaterThan(1);

  // One block-level span per line; an empty line holds a lone newline.
  const code = await codeBlock
    .locator('code > span')
    .evaluateAll((lines) =>
      lines.map((line) => line.textContent?.replace(/\n$/, '') ?? '').join('\n'),
    );
  expect(code.split('\n').length).toBeGreaterThanOrEqual(3);
  await codeBlock.getByRole('button', { name: 'Copy code' }).click();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied.trimEnd()).toBe(code.trimEnd());
});

test('prices stay text while $…$ and $$…$$ render as math', async ({ page, chat }) => {
  // An answer written for this check (the mock's answers have no prices), its deltas cut after a `$`.
  const deltas = [
    'It costs $',
    '5 and $',
    '6 later; the area is $x',
    '^2$.\n\n$$\n\\frac{n}{t}\n$$',
  ];
  const events: TokenwireEvent[] = [
    { type: 'start', id: 'gen_prices', model: 'test' },
    ...deltas.map((delta): TokenwireEvent => ({ type: 'text-delta', delta })),
    { type: 'finish', reason: 'stop' },
  ];
  await page.route('**/api/chat', (route) =>
    route.fulfill({
      status: 200,
      headers: { ...protocolHeaders },
      body: events.map((event, seq) => encodeEvent(event, seq)).join(''),
    }),
  );
  await page.goto('/');
  await chat.ask('How much is it?');
  await chat.waitForAnswer();
  const answer = chat.lastAnswer();
  await expect(answer.locator('.markdown')).toContainText('It costs $5 and $6 later; the area is');
  await expect(answer.locator('.katex annotation')).toHaveText(['x^2', '\\frac{n}{t}']);
  await expect(answer.locator('.katex-display')).toHaveCount(1);
});
