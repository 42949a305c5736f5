import { describe, expect, it } from 'vitest';
import { maskUrl } from '../../src/connectors/maskUrl.js';
import { redactSecrets } from '../../src/runtime/redactSecrets.js';

describe('maskUrl', () => {
  it.each([
    ['postgres://k2o:s3cret@127.0.0.1:55432/k2o', 'postgres://k2o:***@127.0.0.1:55432/k2o'],
    ['oracle://scott:p%40ss@db:1521/FREEPDB1', 'oracle://scott:***@db:1521/FREEPDB1'],
    ['postgres://k2o@127.0.0.1/k2o?password=s3cret&sslmode=require', 'postgres://k2o@127.0.0.1/k2o?password=***&sslmode=require'],
    ['postgres://k2o@127.0.0.1:55432/k2o', 'postgres://k2o@127.0.0.1:55432/k2o'],
    ['oracle://app:pw@adb:1522/svc?protocol=tcps&walletPassword=w4llet', 'oracle://app:***@adb:1522/svc?protocol=tcps&walletPassword=***'],
  ])('masks %s', (url, masked) => {
    expect(maskUrl(url)).toBe(masked);
  });

  it('masks by pattern what does not parse as a URL', () => {
    const masked = maskUrl('postgres://k2o:s3cret@[bad host/k2o');
    expect(masked).toBe('postgres://k2o:***@[bad host/k2o');
  });
  it('masks passwords in key-value connection strings and Oracle user/password@host', () => {
    expect(maskUrl('host=db user=k2o password=hunter2 dbname=x')).toBe('host=db user=k2o password=*** dbname=x');
    expect(maskUrl('scott/tiger@db:1521/XE')).toBe('scott/***@db:1521/XE');
    expect(maskUrl('scott/tiger@db:1521/XE')).not.toContain('tiger');
  });
  it('masks any …password parameter of what does not parse, and redactSecrets does the same in a message', () => {
    expect(maskUrl('oracle://app:pw@[bad?walletPassword=w4llet')).not.toContain('w4llet');
    expect(redactSecrets('cannot open wallet: walletPassword=w4llet, configDir=/etc/tns')).toBe(
      'cannot open wallet: walletPassword=***, configDir=/etc/tns',
    );
  });
});
