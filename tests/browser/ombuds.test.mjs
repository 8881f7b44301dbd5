// The ombuds reads everything and changes nothing: the initiative and its timeline, the audit
// search, the chain's verification with its head hash, the CSV export; no write control on the
// initiative page; the API refuses a write even with a valid CSRF token.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { App } from './harness.mjs';

describe('the ombuds can read but not write', () => {
  let app;
  let olga;
  let id;  // the demo review that went through sign-off

  before(async () => {
    app = await App.start('ombuds');
    id = app.demoIds()['Consolidate bus routes 14 and 22'];
    olga = await app.signIn('olga', { check: true });
  });
  after(async () => app?.finish());

  it('reads the initiative and its whole timeline', async () => {
    const { page } = olga;
    const response = await page.goto(`/initiatives/${id}`);
    assert.equal(response.status(), 200);
    await app.visit(page, 'initiative');
    await assert.doesNotReject(
      page.getByRole('heading', { name: /Consolidate bus routes 14 and 22/ }).first().waitFor());
    const text = await page.getByRole('region', { name: 'Timeline' }).innerText();
    const history = await app.api(olga.context, 'GET', `/api/initiatives/${id}/history`);
    assert.equal(history.status, 200, history.text);
    assert.ok(history.json.length >= 10, `the demo review has a long history (${history.json.length})`);
    for (const entry of history.json) {
      assert.ok(text.includes(entry.what), `the timeline shows "${entry.what}"`);
    }
    for (const who of ['dana', 'rey', 'sam', 'lee']) {
      assert.match(text, new RegExp(`\\b${who}\\b`), `the timeline names ${who}`);
    }
  });

  it('shows no write control on the initiative page', async () => {
    const { page } = olga;
    await page.goto(`/initiatives/${id}`);
    const main = page.locator('main');
    // The only form that posts anywhere on the page is the frame's sign-out.
    const posting = await page.locator('form[method="post" i]').evaluateAll((forms) =>
      forms.map((f) => new URL(f.action, location.href).pathname));
    assert.deepEqual(posting.filter((p) => p !== '/signout'), [], `forms that post: ${posting}`);
    assert.equal(await main.locator('textarea, select, input:not([type="hidden"])').count(), 0,
      'an editable field in main');
    for (const name of ['Submit', 'Accept', 'Request changes', 'Approve', 'Decline', 'Save',
      'Comment', 'Add comment', 'Add feedback', 'Answer']) {
      assert.equal(await main.getByRole('button', { name, exact: true }).count(), 0,
        `a "${name}" button`);
    }
  });

  it('searches the audit record, verifies the chain with its head hash, exports CSV', async () => {
    const { page, context } = olga;
    await page.goto('/audit');
    await app.visit(page, 'audit');
    await page.getByLabel(/initiative/i).first().fill(id);
    await page.getByRole('button', { name: /search/i }).click();
    await page.waitForLoadState('load');
    await app.visit(page, 'audit-search');
    assert.ok((await page.locator('main').innerText()).includes(id), 'the results name the initiative');

    await page.goto('/audit/verify');
    await app.visit(page, 'audit-verify');
    const head = await app.api(context, 'GET', '/api/audit/head');
    assert.equal(head.status, 200, head.text);
    assert.match(head.json.hash, /^[0-9a-f]{64}$/, head.text);
    const main = await page.locator('main').innerText();
    assert.match(main, /Intact\./, 'the chain verifies');
    assert.ok(main.includes(head.json.hash), `the page shows the head hash ${head.json.hash}`);

    const csv = await context.request.get('/audit/export.csv');
    assert.equal(csv.status(), 200);
    assert.match(csv.headers()['content-type'], /text\/csv/);
    const text = await csv.text();
    assert.ok(text.split('\n').length > 10, 'the export has the record');
    assert.ok(text.includes(id));
  });

  it('the API refuses a write (403 JSON) even with a valid CSRF token', async () => {
    const { context } = olga;
    const csrf = await app.csrfOf(context);
    const before = await app.api(context, 'GET', `/api/initiatives/${id}/history`);
    for (const [method, url, data] of [
      ['POST', `/api/initiatives/${id}/comments`, { text: 'The ombuds writes.' }],
      ['POST', `/api/initiatives/${id}/actions/close`, {}],
      ['POST', '/api/initiatives', { workflow: 'equity-impact-review', title: 'Ombuds filing',
        department: 'transportation' }],
    ]) {
      const refused = await app.api(context, method, url, { data, csrf });
      assert.equal(refused.status, 403, `${method} ${url}: ${refused.text}`);
      assert.equal(refused.json?.error?.category, 'forbidden', refused.text);
      assert.ok(refused.json.error.message, refused.text);
    }
    const after = await app.api(context, 'GET', `/api/initiatives/${id}/history`);
    assert.equal(after.text, before.text, 'the refused writes changed the history');
  });
});
