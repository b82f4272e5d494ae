/**
 * File names of uploaded documents. The client's name is kept for display only (files are
 * stored by hash), so it is cleaned of what Postgres, headers or a reader's screen would choke
 * on, and its extension is never the client's: it is derived from the sniffed media type, so a
 * PDF uploaded as `surat-izin.html` downloads as `surat-izin.pdf`.
 */

/** The extension a download gets for each media type an upload may be sniffed as. */
const EXTENSION_BY_MEDIA_TYPE: Readonly<Record<string, string>> = {
  'application/pdf': '.pdf',
  'image/jpeg': '.jpg',
  'image/png': '.png',
  'image/gif': '.gif',
  'image/webp': '.webp',
  'image/tiff': '.tif',
  'image/heic': '.heic',
  'text/plain': '.txt',
  'text/csv': '.csv',
  'application/zip': '.zip',
  'application/xml': '.xml',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': '.docx',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': '.xlsx',
  'application/msword': '.doc',
  'application/vnd.ms-excel': '.xls',
};

const MAX_NAME = 255;

/** Control characters (C0, DEL, C1), bidirectional controls, quotes and path separators. */
function dropped(c: number): boolean {
  return (
    c < 0x20 ||
    (c >= 0x7f && c <= 0x9f) ||
    c === 0x22 || // "
    c === 0x2f || // /
    c === 0x5c || // \
    c === 0x200e || // LRM
    c === 0x200f || // RLM
    (c >= 0x202a && c <= 0x202e) || // LRE RLE PDF LRO RLO
    (c >= 0x2066 && c <= 0x2069) // LRI RLI FSI PDI
  );
}

/**
 * The client's file name, kept for display only: without control and bidirectional-formatting
 * characters, broken surrogates, quotes or path separators, at most 255 code units; `fallback`
 * when nothing usable is left.
 */
export function cleanFileName(name: string, fallback: string): string {
  let out = '';
  for (const ch of name) {
    // iterating by code point leaves a lone surrogate as a one-unit string: drop it
    const c = ch.codePointAt(0) ?? 0;
    if (dropped(c) || (ch.length === 1 && c >= 0xd800 && c <= 0xdfff)) continue;
    if (out.length + ch.length > MAX_NAME) break;
    out += ch;
  }
  out = out.trim();
  return out === '' || out === '.' || out === '..' ? fallback : out;
}

/** `.pdf` for application/pdf, `.jpg` for image/jpeg, ...; `.bin` for a type with no usual extension. */
export function extensionFor(mediaType: string): string {
  return EXTENSION_BY_MEDIA_TYPE[mediaType.toLowerCase()] ?? '.bin';
}

/**
 * The name a document is stored and downloaded under: the client's name cleaned, without its
 * own extension, plus the extension of the sniffed media type; the requirement code when no
 * usable name is left (`invoice\u202efdp.exe` sniffed as a PDF becomes `invoicefdp.pdf`).
 */
export function documentFileName(clientName: string, mediaType: string, requirementCode: string): string {
  const ext = extensionFor(mediaType);
  let base = cleanFileName(clientName, '');
  const dot = base.lastIndexOf('.');
  if (dot >= 0) base = base.slice(0, dot);
  // no hidden files, no trailing dots or spaces (Windows drops them, leaving the wrong extension)
  base = base.replace(/^[\s.]+/u, '').replace(/[\s.]+$/u, '');
  if (base === '') base = cleanFileName(requirementCode, 'document');
  let bounded = '';
  for (const ch of base) {
    if (bounded.length + ch.length + ext.length > MAX_NAME) break;
    bounded += ch;
  }
  return `${bounded}${ext}`;
}

/**
 * `Content-Disposition` for downloading a document (RFC 6266): an ASCII `filename` for old
 * clients and the exact UTF-8 name as `filename*`. The name is cleaned and its extension
 * derived from the media type here too, so documents stored before names were cleaned are safe.
 */
export function attachmentDisposition(storedName: string, mediaType: string, requirementCode: string): string {
  const name = documentFileName(storedName, mediaType, requirementCode);
  const ext = extensionFor(mediaType);
  const asciiBase = name
    .slice(0, name.length - ext.length)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '') // accents off: "ñ" becomes "n"
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/_+/g, '_')
    .replace(/^[._]+|[._]+$/g, '');
  const ascii = `${asciiBase || requirementCode.replace(/[^A-Za-z0-9-]+/g, '_') || 'document'}${ext}`;
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeRfc5987(name)}`;
}

/** Percent-encodes everything but RFC 5987's attr-char. */
function encodeRfc5987(s: string): string {
  return encodeURIComponent(s).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
