/** Reminders go out by e-mail too when SMTP is configured: a real SMTP server on loopback receives them. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import { as, openRound, signIn } from '../test-support/http.js';
import { onPGlite } from '../test-support/both-engines.js';
import { mailerFromEnv } from './mailer.js';

// on the embedded engine: who is reminded is tested on both engines elsewhere; this is about the mail going out
onPGlite('reminders by e-mail', (engine) => {
  const received: { to: string[]; data: string }[] = [];
  let smtp: SMTPServer;
  let port = 0;

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          received.push({ to: session.envelope.rcptTo.map((r) => r.address), data: Buffer.concat(chunks).toString('utf8') });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    port = (smtp.server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
  });

  it('are sent to the accounts of the agencies that have not submitted', async () => {
    expect(mailerFromEnv({})).toBeNull();
    const { ctx, app } = await engine.world({
      extend: async (world) => {
        await world.db.updateTable('accounts').set({ email: 'lan.khcn@ninhthuan.gov.vn' }).where('username', '=', 'khcn.baocao').execute();
        await world.db.updateTable('accounts').set({ email: 'yte@ninhthuan.gov.vn' }).where('username', '=', 'yte.baocao').execute();
        return { ...world, mailer: mailerFromEnv({ CCHC_SMTP_URL: `smtp://127.0.0.1:${port}`, CCHC_MAIL_FROM: 'CCHC <cchc@snv.local>' }) };
      },
    });
    const snv = await signIn(app, 'snv.tonghop');
    const round = await openRound(app, snv, {
      templateId: 'ninh-thuan-7s-2022',
      period: { year: 2022, kind: 'Q3' },
      deadline: '2022-09-20',
      agencyIds: ['so-khcn', 'so-y-te'],
    });
    await ctx.db.updateTable('reports').set({ status: 'accepted' }).where('agency_id', '=', 'so-y-te').execute();
    const result = (await app.inject({ method: 'POST', url: `/api/rounds/${round.id}/remind`, headers: as(snv) })).json();
    expect(result).toEqual({ reminded: ['so-khcn'], emailed: 1 });
    expect(received).toHaveLength(1);
    expect(received[0]!.to).toEqual(['lan.khcn@ninhthuan.gov.vn']); // not Sở Y tế: it has submitted
    expect(received[0]!.data).toContain('From: CCHC <cchc@snv.local>');
    expect(received[0]!.data).toMatch(/Subject: =\?UTF-8\?/u); // Vietnamese subject, encoded
  }, 60_000);
});
