import { describe, expect, it } from 'vitest';
import { parseOracleUrl } from '../../src/connectors/oracle/oracleUrl.js';

/** The thin-mode options node-oracledb is given for each form of an Oracle URL (no Oracle needed). */
describe('Oracle URL: TNS aliases, TCPS and wallets', () => {
  it('a host without a service, with configDir, is a TNS alias looked up in that folder’s tnsnames.ora', () => {
    expect(parseOracleUrl('oracle://app:s3cret@SALES_HIGH?configDir=%2Fopt%2Foracle%2Fnetwork%2Fadmin')).toEqual({
      user: 'app',
      password: 's3cret',
      connectString: 'SALES_HIGH',
      configDir: '/opt/oracle/network/admin',
    });
  });

  it('an Autonomous Database: alias, configDir and the wallet passed through as they are', () => {
    expect(parseOracleUrl('oracle://admin:pw@mydb_high?configDir=/wallet&walletLocation=/wallet&walletPassword=w%26llet')).toEqual({
      user: 'admin',
      password: 'pw',
      connectString: 'mydb_high',
      configDir: '/wallet',
      walletLocation: '/wallet',
      walletPassword: 'w&llet',
    });
  });

  it('protocol=tcps makes Easy Connect TLS; a wallet may go with it', () => {
    expect(parseOracleUrl('oracle://app:pw@db.example:2484/ORCLPDB1?protocol=tcps&walletLocation=/w')).toEqual({
      user: 'app',
      password: 'pw',
      connectString: 'tcps://db.example:2484/ORCLPDB1',
      walletLocation: '/w',
    });
    expect(parseOracleUrl('oracle://app:pw@db/ORCLPDB1?protocol=tcp').connectString).toBe('db:1521/ORCLPDB1');
  });

  it('a wrong parameter or form is an error naming it, never echoing a password', () => {
    const refusal = (url: string) => {
      try {
        parseOracleUrl(url);
      } catch (e) {
        return (e as Error).message;
      }
      throw new Error(`${url} was accepted`);
    };
    expect(refusal('oracle://app:topsecret@db/S?wallet_password=w4llet')).toMatch(
      /^invalid Oracle URL oracle:\/\/app:\*\*\*@db\/S\?wallet_password=\*\*\*: unknown parameter wallet_password \(known: protocol, configDir, walletLocation, walletPassword\)/,
    );
    expect(refusal('oracle://app:topsecret@db/S?protocol=tls')).toContain('protocol must be tcp or tcps');
    expect(refusal('oracle://app:topsecret@ALIAS')).toContain('no service name (a TNS alias needs configDir)');
    expect(refusal('oracle://app:topsecret@ALIAS:1521?configDir=/x')).toContain('a TNS alias takes no port or protocol');
    for (const url of [
      'oracle://app:topsecret@db/S?wallet_password=w4llet',
      'oracle://app:topsecret@ALIAS?protocol=tcps&configDir=/x&walletPassword=w4llet',
    ])
      expect(refusal(url)).not.toMatch(/topsecret|w4llet/);
  });
});
