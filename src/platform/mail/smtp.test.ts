import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { textToDocx } from '../files/docx.js';
import { createLogSms, createMailCatcher, createSmtpMailer, type MailCatcher } from './index.js';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

describe('SMTP delivery to the mail catcher over a real socket', () => {
  let dir: string;
  let catcher: MailCatcher;
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gk-mail-'));
    catcher = await createMailCatcher({ dir });
  });
  after(async () => {
    await catcher.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('delivers a Chinese subject, text and a DOCX attachment intact', async () => {
    const docx = textToDocx('政府信息公开申请答复书', '经审查，您申请的信息予以公开。');
    const mailer = createSmtpMailer({ url: `smtp://${catcher.host}:${catcher.port}`, from: '示范市政务公开 <noreply@localhost>' });

    await mailer.send({
      to: 'zhang.san@example.cn',
      subject: '【示范市】您的政府信息公开申请（2026-0001号）已答复',
      text: '张三您好：\n您的申请已答复，答复书见附件。',
      attachments: [{ filename: '答复书.docx', content: docx, contentType: DOCX }],
    });
    mailer.close();

    const got = await catcher.waitFor((m) => m.subject.includes('2026-0001'), 5000);
    assert.equal(got.subject, '【示范市】您的政府信息公开申请（2026-0001号）已答复');
    assert.deepEqual(got.to, ['zhang.san@example.cn']);
    assert.equal(got.from, 'noreply@localhost');
    assert.ok(got.text.includes('张三您好'));
    assert.equal(got.attachments.length, 1);
    assert.equal(got.attachments[0]!.filename, '答复书.docx');
    assert.equal(got.attachments[0]!.contentType, DOCX);
    assert.ok(got.attachments[0]!.content.equals(docx), 'attachment bytes unchanged');
    assert.ok(fs.existsSync(got.file) && /\/\d+-\d+\.eml$/.test(got.file));
    assert.equal(catcher.messages().length, 1);
  });

  it('accepts a sign-in (as a real server would ask for) and rejects waitFor after the timeout', async () => {
    const mailer = createSmtpMailer({ url: `smtp://user:secret@${catcher.host}:${catcher.port}`, from: 'noreply@localhost' });
    await mailer.send({ to: 'li.si@example.cn', subject: 'auth', text: 'x' });
    mailer.close();

    assert.equal((await catcher.waitFor((m) => m.subject === 'auth')).to[0], 'li.si@example.cn');
    await assert.rejects(catcher.waitFor((m) => m.subject === 'never', 50), /within 50 ms/);
  });
});

describe('createLogSms', () => {
  it('appends each message as a JSON line to sms.log', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gk-sms-'));
    const sms = createLogSms(path.join(dir, 'sms'));

    await sms.send({ to: '13800138000', text: '您的申请已受理' });
    await sms.send({ to: '13900139000', text: '第二条' });

    const lines = fs.readFileSync(path.join(dir, 'sms', 'sms.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { to: string; text: string });
    assert.deepEqual(lines.map((l) => [l.to, l.text]), [['13800138000', '您的申请已受理'], ['13900139000', '第二条']]);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
