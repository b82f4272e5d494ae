import { hasHashTag, redisTopology } from './redis-topology';

describe('redisTopology', () => {
  it('one URL is one Redis', () => {
    expect(redisTopology('redis://127.0.0.1:6379/2')).toEqual({ kind: 'single', url: 'redis://127.0.0.1:6379/2' });
  });

  it('several URLs are the seed nodes of a cluster, credentials from the first', () => {
    expect(redisTopology('rediss://app:s%40cret@10.0.0.1:7000, redis://10.0.0.2:7001,redis://10.0.0.3')).toEqual({
      kind: 'cluster',
      nodes: [
        { host: '10.0.0.1', port: 7000 },
        { host: '10.0.0.2', port: 7001 },
        { host: '10.0.0.3', port: 6379 },
      ],
      username: 'app',
      password: 's@cret',
      tls: true,
    });
  });

  it('a hash tag is a non-empty {...} anywhere in the prefix', () => {
    expect(hasHashTag('{tenggat}')).toBe(true);
    expect(hasHashTag('prod-{tenggat}')).toBe(true);
    expect(hasHashTag('tenggat')).toBe(false);
    expect(hasHashTag('{}tenggat')).toBe(false);
  });
});
