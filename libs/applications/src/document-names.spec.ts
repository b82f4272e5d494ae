import fc from 'fast-check';
import { attachmentDisposition, documentFileName, extensionFor } from './document-names';

/** Control characters (C0, DEL, C1), bidi controls, quotes and path separators. */
const hasForbidden = (s: string): boolean =>
  [...s].some((ch) => {
    const c = ch.codePointAt(0) ?? 0;
    return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c === 0x200e || c === 0x200f || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || '"/\\'.includes(ch);
  });

describe('documentFileName', () => {
  it('takes the extension from the sniffed type, never from the client', () => {
    expect(documentFileName('surat-izin.html', 'application/pdf', 'design')).toBe('surat-izin.pdf');
    expect(documentFileName('foto.PDF', 'image/jpeg', 'photo')).toBe('foto.jpg');
    expect(documentFileName('denah', 'image/png', 'site-plan')).toBe('denah.png');
    expect(documentFileName('laporan.tar.gz', 'application/pdf', 'x')).toBe('laporan.tar.pdf');
    expect(documentFileName('sertifikat-baru.pdf', 'application/pdf', 'x')).toBe('sertifikat-baru.pdf');
    expect(documentFileName('gambar-situasi-ñ-🏢.pdf', 'application/pdf', 'x')).toBe('gambar-situasi-ñ-🏢.pdf');
  });

  it('drops bidi and control characters, so a right-to-left override cannot disguise the extension', () => {
    const name = documentFileName('invoice\u202efdp.exe', 'application/pdf', 'invoice');
    expect(name).toBe('invoicefdp.pdf');
    expect(documentFileName('a\u2066b\u2069c\u200e\u200f\u0085\u0007.pdf', 'application/pdf', 'x')).toBe('abc.pdf');
    expect(documentFileName('..\\..\\windows/system32.pdf', 'application/pdf', 'x')).toBe('windowssystem32.pdf');
  });

  it('falls back to the requirement code when no usable name is left', () => {
    expect(documentFileName('', 'application/pdf', 'site-plan')).toBe('site-plan.pdf');
    expect(documentFileName('.pdf', 'application/pdf', 'site-plan')).toBe('site-plan.pdf');
    expect(documentFileName('\u202e\u0000 . ', 'image/png', 'site-plan')).toBe('site-plan.png');
    expect(documentFileName('.htaccess', 'application/pdf', 'site-plan')).toBe('site-plan.pdf');
  });

  it('never yields a name over 255 code units, with a bidi or control character, or without the derived extension', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), fc.constantFrom('application/pdf', 'image/jpeg', 'image/png', 'application/x-unknown'), (s, type) => {
        const out = documentFileName(s, type, 'req');
        expect(out.length).toBeLessThanOrEqual(255);
        expect(hasForbidden(out)).toBe(false);
        expect(out.endsWith(extensionFor(type))).toBe(true);
        expect(out.length).toBeGreaterThan(extensionFor(type).length);
        expect(Buffer.from(out, 'utf8').toString('utf8')).toBe(out);
      }),
    );
  });
});

describe('attachmentDisposition', () => {
  it('gives an ASCII filename and the exact UTF-8 name as filename*', () => {
    expect(attachmentDisposition('surat-izin.pdf', 'application/pdf', 'design')).toBe(`attachment; filename="surat-izin.pdf"; filename*=UTF-8''surat-izin.pdf`);
    expect(attachmentDisposition('gambar situasi ñ 🏢.pdf', 'application/pdf', 'site-plan')).toBe(
      `attachment; filename="gambar_situasi_n.pdf"; filename*=UTF-8''gambar%20situasi%20%C3%B1%20%F0%9F%8F%A2.pdf`,
    );
    expect(attachmentDisposition("it's (1).pdf", 'application/pdf', 'x')).toBe(`attachment; filename="it_s_1.pdf"; filename*=UTF-8''it%27s%20%281%29.pdf`);
  });

  it('cleans names stored before names were cleaned, and falls back to the requirement code', () => {
    expect(attachmentDisposition('surat-izin.html', 'application/pdf', 'design')).toBe(`attachment; filename="surat-izin.pdf"; filename*=UTF-8''surat-izin.pdf`);
    expect(attachmentDisposition('🏢.pdf', 'application/pdf', 'site-plan')).toBe(`attachment; filename="site-plan.pdf"; filename*=UTF-8''%F0%9F%8F%A2.pdf`);
  });

  it('is always one well-formed header value', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (s) => {
        expect(attachmentDisposition(s, 'application/pdf', 'site-plan')).toMatch(/^attachment; filename="[A-Za-z0-9._-]+\.pdf"; filename\*=UTF-8''[A-Za-z0-9!%._~-]+\.pdf$/);
      }),
    );
  });
});
