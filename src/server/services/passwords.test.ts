import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './passwords.js';

describe('password hashes', () => {
  it("are scrypt at the product's cost (N 16384, r 8, p 1) with a salt of their own, and verify only the password", async () => {
    const a = await hashPassword('Mat-khau-2026!');
    const b = await hashPassword('Mat-khau-2026!');
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$[\w-]{22}\$[\w-]{43}$/u);
    expect(b).not.toBe(a);
    expect(await verifyPassword('Mat-khau-2026!', a)).toBe(true);
    expect(await verifyPassword('Mat-khau-2026?', a)).toBe(false);
    // the same letters typed composed or decomposed are the same password
    const vietnamese = await hashPassword('Mật khẩu'.normalize('NFD'));
    expect(await verifyPassword('Mật khẩu'.normalize('NFC'), vietnamese)).toBe(true);
  });

  it('record a lower cost given for a fixture, and verification uses the cost recorded', async () => {
    const cheap = await hashPassword('Mat-khau-2026!', { N: 1024 });
    expect(cheap).toMatch(/^scrypt\$1024\$8\$1\$/u);
    expect(await verifyPassword('Mat-khau-2026!', cheap)).toBe(true);
    expect(await verifyPassword('mat-khau-2026!', cheap)).toBe(false);
  });

  it('refuse what is not one of their hashes', async () => {
    for (const stored of ['', 'scrypt$', 'bcrypt$10$abc', 'scrypt$1024$8$1$c2FsdA']) expect(await verifyPassword('x', stored)).toBe(false);
  });
});
