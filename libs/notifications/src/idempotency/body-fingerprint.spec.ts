import { boundaryOf, jsonFingerprint, MultipartFingerprint } from './body-fingerprint';

const multipart = (boundary: string, file: string): string =>
  `--${boundary}\r\nContent-Disposition: form-data; name="requirement"\r\n\r\ndesign\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n${file}\r\n--${boundary}--\r\n`;

const digestInChunks = (boundary: string, body: string, size: number): string => {
  const f = new MultipartFingerprint(boundary);
  const bytes = Buffer.from(body);
  for (let i = 0; i < bytes.length; i += size) f.update(bytes.subarray(i, i + size));
  return f.digest();
};

describe('request fingerprints for Idempotency-Key', () => {
  it('JSON: the same value whatever the key order', () => {
    expect(jsonFingerprint({ a: 1, b: [1, 2] })).toBe(jsonFingerprint({ b: [1, 2], a: 1 }));
    expect(jsonFingerprint({ a: 1 })).not.toBe(jsonFingerprint({ a: 2 }));
    expect(jsonFingerprint(undefined)).toBe(jsonFingerprint(null));
  });

  it('multipart: the same content under another boundary, however the body is cut into chunks', () => {
    const one = digestInChunks('----b1aaaaaaaa', multipart('----b1aaaaaaaa', '%PDF-1.4 x'), 1 << 20);
    for (const size of [1, 3, 7, 16, 64]) expect(digestInChunks('----b2zzzzzzzzzzzz', multipart('----b2zzzzzzzzzzzz', '%PDF-1.4 x'), size)).toBe(one);
    expect(digestInChunks('----b1aaaaaaaa', multipart('----b1aaaaaaaa', '%PDF-1.4 y'), 5)).not.toBe(one);
  });

  it('reads the boundary of a multipart content type', () => {
    expect(boundaryOf('multipart/form-data; boundary=----abc')).toBe('----abc');
    expect(boundaryOf('multipart/form-data; boundary="x y"')).toBe('x y');
    expect(boundaryOf('application/json')).toBeNull();
    expect(boundaryOf(undefined)).toBeNull();
  });
});
