/**
 * E-mail, when SMTP is configured (CCHC_SMTP_URL, e.g. smtp://user:pass@mail.tinh.gov.vn:587; CCHC_MAIL_FROM).
 * Without it, reminders stay in-app only. Sending never decides whether a request succeeds.
 */
import nodemailer from 'nodemailer';

export interface Mail {
  to: string[];
  subject: string;
  text: string;
}

export interface Mailer {
  send(mail: Mail): Promise<void>;
}

export function mailerFromEnv(env: NodeJS.ProcessEnv = process.env): Mailer | null {
  const url = env['CCHC_SMTP_URL'];
  if (!url) return null;
  const transport = nodemailer.createTransport(url);
  const from = env['CCHC_MAIL_FROM'] ?? 'CCHC <no-reply@localhost>';
  return {
    async send(mail) {
      if (mail.to.length === 0) return;
      await transport.sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text });
    },
  };
}
