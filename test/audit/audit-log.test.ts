import { describe, expect, it } from 'vitest';
import { appendAudit, verifyAudit } from '../../src/audit/audit-log.js';
import { tempWorkspace } from '../helpers/workspace.js';

function seeded() {
  const ws = tempWorkspace();
  for (let i = 1; i <= 5; i++) {
    ws.write(() =>
      appendAudit(ws.db, {
        at: new Date(Date.UTC(2026, 10, 23, 9, i)),
        actor: 'alice',
        action: i % 2 ? 'import' : 'decision',
        target: `item:${i}`,
        detail: { n: i, note: `entry ${i}` },
      }),
    );
  }
  return ws;
}

describe('audit trail', () => {
  it('verifies an intact chain', () => {
    const ws = seeded();
    expect(verifyAudit(ws.db)).toMatchObject({ ok: true, entries: 5 });
    ws.close();
  });

  it('names the first altered entry', () => {
    const ws = seeded();
    ws.db.prepare("UPDATE audit_log SET actor = 'mallory' WHERE seq = 3").run();
    expect(verifyAudit(ws.db)).toMatchObject({
      ok: false,
      firstBad: 3,
      reason: expect.stringMatching(/entry 3 was altered/),
    });
    ws.close();
  });

  it('detects a removed entry in the middle and at the end', () => {
    const ws = seeded();
    ws.db.prepare('DELETE FROM audit_log WHERE seq = 2').run();
    expect(verifyAudit(ws.db)).toMatchObject({ ok: false, firstBad: 2 });
    ws.close();
    const ws2 = seeded();
    ws2.db.prepare('DELETE FROM audit_log WHERE seq = 5').run();
    expect(verifyAudit(ws2.db)).toMatchObject({
      ok: false,
      firstBad: 5,
      reason: expect.stringMatching(/removed from the end/),
    });
    ws2.close();
  });

  it('detects reordered entries even when sequence numbers are rewritten', () => {
    const ws = seeded();
    const rows = ws.db.prepare('SELECT * FROM audit_log WHERE seq IN (2, 3) ORDER BY seq').all() as Record<
      string,
      unknown
    >[];
    ws.db.prepare('DELETE FROM audit_log WHERE seq IN (2, 3)').run();
    const ins = ws.db.prepare(
      'INSERT INTO audit_log (seq, at, actor, action, target, detail, prev_hash, hash) VALUES (@seq, @at, @actor, @action, @target, @detail, @prev_hash, @hash)',
    );
    ins.run({ ...rows[1], seq: 2 });
    ins.run({ ...rows[0], seq: 3 });
    expect(verifyAudit(ws.db)).toMatchObject({ ok: false, firstBad: 2 });
    ws.close();
  });
});
