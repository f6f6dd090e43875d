import { describe, expect, it } from 'vitest';
import { allows, ruleFor } from '../../server/auth/rules';
import { hashPassword, verifyPassword, TEST_PARAMS } from '../../server/auth/password';
import { scrubDetail } from '../../server/audit/log';

describe('ruleFor', () => {
  it('matches literal paths before parameterised ones, params by segment, HEAD as GET', () => {
    expect(ruleFor('POST', '/api/v1/admin/areas/import')?.pattern).toBe('POST /api/v1/admin/areas/import');
    expect(ruleFor('PATCH', '/api/v1/admin/areas/abc')?.pattern).toBe('PATCH /api/v1/admin/areas/:id');
    expect(ruleFor('POST', '/api/v1/admin/areas/abc/places')?.pattern).toBe('POST /api/v1/admin/areas/:id/places');
    expect(ruleFor('HEAD', '/api/health')?.rule).toBe('public');
    expect(ruleFor('GET', '/api/v1/admin/areas/abc/def')).toBeUndefined();
    expect(ruleFor('DELETE', '/api/v1/reports')).toBeUndefined();
  });

  it('allows by principal', () => {
    expect(allows('public', 'anonymous')).toBe(true);
    expect(allows(['admin'], 'anonymous')).toBe(false);
    expect(allows(['admin'], 'coordinator')).toBe(false);
    expect(allows(['coordinator', 'admin'], 'admin')).toBe(true);
    expect(allows(['device'], 'device')).toBe(true);
  });
});

describe('passwords', () => {
  it('hashes with a per-user salt and verifies in constant time', async () => {
    const a = await hashPassword('correct horse battery', TEST_PARAMS);
    const b = await hashPassword('correct horse battery', TEST_PARAMS);
    expect(a).not.toBe(b);
    expect(await verifyPassword('correct horse battery', a)).toBe(true);
    expect(await verifyPassword('correct horse batterY', a)).toBe(false);
    expect(await verifyPassword('x', 'garbage')).toBe(false);
    expect(await verifyPassword('x', 'scrypt$99999999$8$1$AA$AA')).toBe(false);
  });
});

describe('audit detail', () => {
  it('drops keys that could carry secrets or notes, and truncates long values', () => {
    expect(scrubDetail({ password: 'p', newPassword: 'p', note: 'n', token: 't', code: 'c', name: 'ok' })).toBe('{"name":"ok"}');
    expect(scrubDetail({ password: 'p' })).toBeNull();
    expect(JSON.parse(scrubDetail({ name: 'x'.repeat(500) })!).name).toHaveLength(201);
  });
});
