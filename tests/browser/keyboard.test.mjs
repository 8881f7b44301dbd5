// Keyboard alone: the skip link moves focus past the header to the main content; a department
// head signs in, opens her draft from the inbox and submits it with Tab and Enter only.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { App, password } from './harness.mjs';

const draft = 'Summer meal sites at libraries';

// What has the keyboard focus: enough to recognise a control by what a person sees or hears.
function focused(page) {
  return page.evaluate(() => {
    const e = document.activeElement;
    if (!e || e === document.body) return { tag: 'body' };
    const label = e.labels && e.labels.length ? e.labels[0].innerText : '';
    return {
      tag: e.tagName.toLowerCase(), type: e.type || '', name: e.getAttribute('name') || '',
      text: (e.innerText || e.value || '').trim(), label: label.trim(),
      href: e.getAttribute('href') || '', inMain: !!e.closest('main'), id: e.id,
      row: e.closest('tr, li') ? e.closest('tr, li').innerText : '',
    };
  });
}

// Presses Tab until `wanted(focused)` holds; fails after `limit` presses.
async function tabTo(page, wanted, what, limit = 80) {
  const seen = [];
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    const now = await focused(page);
    if (wanted(now)) return now;
    seen.push(now.text || now.label || now.name || now.tag);
  }
  throw new Error(`Tab never reached ${what}; focus went through: ${seen.join(' | ')}`);
}

describe('keyboard-only use', () => {
  let app;

  before(async () => { app = await App.start('keyboard'); });
  after(async () => app?.finish());

  it('the skip link is the first stop and moves focus to the main content', async () => {
    const context = await app.newContext();
    const page = await context.newPage();
    await page.goto('/signin');
    await page.keyboard.press('Tab');
    const first = await focused(page);
    assert.equal(first.tag, 'a', `the first Tab stop is ${JSON.stringify(first)}`);
    assert.match(first.text, /skip/i);
    const target = first.href;
    assert.match(target, /^#/);
    await app.screenshot(page, 'skip-link-focused');  // it must be visible when focused
    assert.ok(await page.getByRole('link', { name: /skip/i }).isVisible(), 'skip link is visible');
    await page.keyboard.press('Enter');
    const after = await page.evaluate(() => {
      const e = document.activeElement;
      return { id: e.id, inMain: e.tagName === 'MAIN' || !!e.closest('main') };
    });
    assert.ok(after.inMain, `after the skip link, focus is on ${JSON.stringify(after)}`);
    assert.equal(`#${after.id}`, target);
    // The next Tab lands inside the main content, not back in the header.
    const next = await tabTo(page, () => true, 'anything');
    assert.ok(next.inMain, `the Tab after the skip link went to ${JSON.stringify(next)}`);
  });

  it('signs in, opens an initiative from the inbox and submits it, keys only', async () => {
    const context = await app.newContext();
    const page = await context.newPage();
    await page.goto('/signin');
    await tabTo(page, (f) => f.tag === 'input' && /user/i.test(f.name + f.label), 'the user name');
    await page.keyboard.type('nora');
    await tabTo(page, (f) => f.type === 'password', 'the password');
    await page.keyboard.type(password);
    await Promise.all([page.waitForURL(/\/inbox/), page.keyboard.press('Enter')]);
    await app.visit(page, 'inbox');

    await tabTo(page, (f) => f.tag === 'a' && (f.text + f.row).includes(draft),
      `the link to "${draft}"`);
    await Promise.all([page.waitForURL(/\/initiatives\/EQ-/), page.keyboard.press('Enter')]);
    await app.visit(page, 'draft');

    await tabTo(page, (f) => f.tag === 'button' && f.text === 'Submit', 'the Submit button');
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.keyboard.press('Enter')]);
    await app.visit(page, 'submitted');
    const id = new URL(page.url()).pathname.split('/').pop();
    const view = await app.api(context, 'GET', `/api/initiatives/${id}`);
    assert.equal(view.json.stage, 'intake', view.text);
  });
});
