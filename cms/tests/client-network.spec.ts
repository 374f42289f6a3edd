import { describe, expect, it } from 'vitest';
import { clientNetwork } from '../src/utils/client-network';

describe('the network a client address is counted as', () => {
  it.each([
    ['203.0.113.5', '203.0.113.5'],
    [' 203.0.113.5 ', '203.0.113.5'],
    ['::ffff:203.0.113.5', '203.0.113.5'],
    ['::FFFF:cb00:7105', '203.0.113.5'],
    ['2001:db8:1:2::a', '2001:db8:1:2::/64'],
    ['2001:db8:1:2:ffff:ffff:ffff:ffff', '2001:db8:1:2::/64'],
    ['2001:0DB8:0001:0002:0000:0000:0000:0001', '2001:db8:1:2::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['2001:db8::', '2001:db8:0:0::/64'],
    ['pas une adresse', 'pas une adresse'],
    ['', ''],
  ])('counts %j as %j', (address, network) => {
    expect(clientNetwork(address)).toBe(network);
  });

  it('puts every address of one /64 in one network and the next /64 in another', () => {
    const one = ['2001:db8:1:2::a', '2001:db8:1:2::b', '2001:db8:1:2:dead:beef:0:1'].map(clientNetwork);
    expect(new Set(one).size).toBe(1);
    expect(clientNetwork('2001:db8:1:3::a')).not.toBe(one[0]);
  });
});
