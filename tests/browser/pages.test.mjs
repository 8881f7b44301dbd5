// axe-core on every page a person reaches, as the role that reaches it: sign-in, inbox, queue,
// new initiative, initiatives at each demo stage, dashboard, audit search and verify, and the
// error page (signed in and out). App.visit() screenshots each and fails on any violation.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { App } from './harness.mjs';

describe('axe-core finds no WCAG 2.1 A/AA violation on any page', () => {
  let app;
  let ids;

  before(async () => {
    app = await App.start('pages');
    ids = app.demoIds();
  });
  after(async () => app?.finish());

  // Opens `path` as `who` (a signed-in page) and checks it; `status` is what it must answer.
  async function check(who, path, name, status = 200) {
    const response = await who.page.goto(path);
    assert.equal(response.status(), status, `GET ${path}`);
    await app.visit(who.page, name);
  }

  it('the sign-in page, a failed sign-in, and the error page signed out', async () => {
    const context = await app.newContext();
    const page = await context.newPage();
    await page.goto('/signin');
    await app.visit(page, 'signin');
    await page.getByLabel(/user ?name/i).fill('dana');
    await page.getByLabel(/password/i).fill('not the password');
    const [response] = await Promise.all([page.waitForNavigation(),
      page.getByRole('button', { name: /sign in/i }).click()]);
    assert.equal(response.status(), 401);
    await app.visit(page, 'signin-failed');
    const missing = await page.goto('/no-such-page');
    assert.equal(missing.status(), 404);
    await app.visit(page, 'error-signed-out');
  });

  it("each role's inbox", async () => {
    for (const user of ['dana', 'nora', 'rey', 'sam', 'lee', 'olga', 'ada']) {
      const who = await app.signIn(user);
      await check(who, '/inbox', `inbox-${user}`);
      await who.context.close();
    }
  });

  it('the queue, filtered, and the new-initiative form', async () => {
    const rey = await app.signIn('rey');
    await check(rey, '/queue', 'queue');
    await check(rey, '/queue?department=nutrition', 'queue-nutrition');
    const dana = await app.signIn('dana');
    await check(dana, '/queue', 'queue-department-head');
    await check(dana, '/initiatives/new', 'new-initiative');
  });

  it('an initiative at each stage, as the person whose turn it is', async () => {
    const stages = [
      ['nora', 'Summer meal sites at libraries', 'initiative-draft'],
      ['dana', 'Later start for high schools', 'initiative-assessment'],
      ['rey', 'Breakfast in the classroom at six elementary schools', 'initiative-feedback'],
      ['lee', 'Electronic bus passes for middle schools', 'initiative-signoff'],
      ['dana', 'Consolidate bus routes 14 and 22', 'initiative-report-back'],
      ['olga', 'Consolidate bus routes 14 and 22', 'initiative-ombuds'],
    ];
    for (const [user, title, name] of stages) {
      const who = await app.signIn(user);
      await check(who, `/initiatives/${ids[title]}`, name);
      await who.context.close();
    }
  });

  it('the dashboard, the audit search and its results, the verification, the error page', async () => {
    const lee = await app.signIn('lee');
    await check(lee, '/dashboard', 'dashboard');
    const olga = await app.signIn('olga');
    await check(olga, '/audit', 'audit');
    await check(olga, `/audit?initiative=${ids['Consolidate bus routes 14 and 22']}&search=1`, 'audit-results');
    await check(olga, '/audit/verify', 'audit-verify');
    await check(lee, '/account', 'account');
    await check(olga, '/initiatives/EQ-1999-0001', 'error-not-found', 404);
  });
});
