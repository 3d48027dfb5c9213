import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CniConfig } from '../src';

describe('CniConfig', () => {
  it('GIVEN a plugin with settings in any order WHEN rendered THEN keys are cniVersion, name, then sorted', () => {
    expect(CniConfig.plugin('0.3.1', { type: 'macvtap', mtu: 1500, ipam: { type: 'static', addresses: [] } }).render('m'))
      .toBe('{"cniVersion":"0.3.1","name":"m","ipam":{"addresses":[],"type":"static"},"mtu":1500,"type":"macvtap"}');
  });

  it('GIVEN plugin settings named name and cniVersion WHEN rendered THEN the config\'s own values win', () => {
    expect(JSON.parse(CniConfig.plugin('1.0.0', { type: 'bridge', name: 'other', cniVersion: '0.3.1' }).render('br'))).toEqual({ cniVersion: '1.0.0', name: 'br', type: 'bridge' });
  });

  it('GIVEN a chain WHEN asked for types THEN they come in order', () => {
    expect(CniConfig.chain('1.0.0', [{ type: 'a' }, { type: 'b' }]).types).toEqual(['a', 'b']);
    expect(CniConfig.plugin('1.0.0', { type: 'a' }).types).toEqual(['a']);
  });

  it('GIVEN arbitrary plugin settings WHEN rendered THEN the JSON parses back to them and is independent of key order', () => {
    const settings = fc.dictionary(fc.string({ minLength: 1 }).filter((k) => !['type', 'cniVersion', 'name', 'plugins'].includes(k)), fc.jsonValue());
    fc.assert(fc.property(fc.string({ minLength: 1 }), settings, (type, extra) => {
      const a = CniConfig.plugin('1.0.0', { type, ...extra }).render('net');
      const reversed = Object.fromEntries(Object.entries(extra).reverse());
      const b = CniConfig.plugin('1.0.0', { ...reversed, type }).render('net');
      expect(a).toBe(b);
      expect(JSON.parse(a)).toEqual(JSON.parse(JSON.stringify({ cniVersion: '1.0.0', name: 'net', type, ...extra })));
    }), { numRuns: 200 });
  });
});
