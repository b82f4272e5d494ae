import { PDFDict, PDFDocument, PDFHexString, PDFName, PDFString, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { toBuffer as qrPng } from 'qrcode';
import { DateTime } from 'luxon';
import type { PermitSignature, SignedPermitFields } from './permit-signature';

/** Where the signed fields and the signature travel inside the PDF (its document information dictionary). */
export const PDF_FIELDS_KEY = 'TenggatPermitFields';
export const PDF_SIGNATURE_KEY = 'TenggatPermitSignature';

/** The public verification page of a permit, absolute (the QR code opens it). */
export function verificationUrl(publicBaseUrl: string, permitNumber: string): string {
  return `${publicBaseUrl.replace(/\/+$/, '')}/console/public/permits/${encodeURIComponent(permitNumber)}`;
}

/** The document information dictionary (pdf-lib keeps its own accessor private). */
const infoDict = (doc: PDFDocument): PDFDict | undefined => {
  const ref = doc.context.trailerInfo.Info;
  return ref ? doc.context.lookupMaybe(ref, PDFDict) : undefined;
};

/** Text the standard PDF fonts can draw (WinAnsi): other characters become '?'. */
const drawable = (s: string): string =>
  [...s.normalize('NFC')].map((c) => (/[\x20-\x7e\u00a0-\u00ff]/.test(c) ? c : c === '\n' ? ' ' : '?')).join('');

const tanggal = (iso: string, zone: string): string =>
  DateTime.fromISO(iso, { zone }).setLocale('id').toFormat("d MMMM yyyy");

/** Words wrapped to a width in points. */
function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of drawable(text).split(/\s+/)) {
    const next = line ? `${line} ${word}` : word;
    if (font.widthOfTextAtSize(next, size) > width && line) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines;
}

/**
 * The permit as a PDF (A4, Bahasa Indonesia): the agency, the number, the holder, what is permitted,
 * validity, legal basis, "Diterbitkan demi hukum" when deemed approved, and a QR code that opens the
 * public verification page. The signed fields (canonical JSON) and the signature are embedded in
 * the document information dictionary, so `POST /v1/public/permits/verify-pdf` can check a copy.
 * Deterministic: the same permit gives the same bytes (dates are the issue instant).
 */
export async function renderPermitPdf(fields: SignedPermitFields, signature: PermitSignature, opts: { verifyUrl: string; timeZone: string; fieldsJson: string }): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const issued = new Date(fields.issuedAt);
  doc.setTitle(drawable(`${fields.product} ${fields.permitNumber}`));
  doc.setSubject(drawable(`${fields.permitType.name} - ${fields.agency.name}`));
  doc.setAuthor(drawable(fields.agency.name));
  doc.setProducer('Tenggat');
  doc.setCreator('Tenggat');
  doc.setLanguage('id-ID');
  doc.setCreationDate(issued);
  doc.setModificationDate(issued);
  const info = infoDict(doc);
  if (!info) throw new Error('pdf-lib made a document without an information dictionary');
  info.set(PDFName.of(PDF_FIELDS_KEY), PDFHexString.fromText(opts.fieldsJson));
  info.set(PDFName.of(PDF_SIGNATURE_KEY), PDFString.of(JSON.stringify(signature)));

  const page: PDFPage = doc.addPage([595.28, 841.89]);
  const regular = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const left = 56;
  const width = 595.28 - 2 * left;
  let y = 780;
  const text = (s: string, size: number, font = regular, x = left): void => {
    page.drawText(drawable(s), { x, y, size, font, color: rgb(0.1, 0.1, 0.1) });
  };
  text(fields.agency.name.toUpperCase(), 12, bold);
  y -= 40;
  text(fields.product.toUpperCase(), 18, bold);
  y -= 22;
  text(`Nomor: ${fields.permitNumber}`, 12);
  y -= 36;

  const rows: [string, string][] = [
    ['Pemegang izin', fields.holder],
    ['Yang diizinkan', fields.permitted],
    ['Jenis izin', `${fields.permitType.name} (${fields.permitType.code}, versi ${fields.permitType.version ?? '-'})`],
    ['Nomor permohonan', fields.reference ?? '-'],
    ['Tanggal terbit', tanggal(fields.issuedAt, opts.timeZone)],
    ['Berlaku sampai', fields.validUntil ? tanggal(fields.validUntil, opts.timeZone) : 'Selama kegiatan usaha berjalan (tanpa batas waktu)'],
    ['Dasar hukum', fields.legalBasis.join('; ')],
  ];
  for (const [label, value] of rows) {
    text(label, 10, bold);
    const lines = wrap(value, regular, 10, width - 150);
    for (const line of lines) {
      page.drawText(line, { x: left + 150, y, size: 10, font: regular });
      y -= 14;
    }
    y -= 6;
  }
  if (fields.deemedApproval) {
    y -= 8;
    page.drawRectangle({ x: left - 6, y: y - 26, width: width + 12, height: 40, borderColor: rgb(0.6, 0.3, 0), borderWidth: 1 });
    text('DITERBITKAN DEMI HUKUM', 12, bold);
    y -= 14;
    for (const line of wrap('Permohonan dianggap dikabulkan karena tidak ditetapkan dalam batas waktu (UU 30/2014 Pasal 53, fiktif positif).', regular, 9, width)) {
      text(line, 9);
      y -= 12;
    }
    y -= 12;
  }

  const png = await qrPng(opts.verifyUrl, { type: 'png', errorCorrectionLevel: 'M', margin: 2, scale: 4 });
  const qr = await doc.embedPng(png);
  const qrSize = 128;
  page.drawImage(qr, { x: left, y: 110, width: qrSize, height: qrSize });
  y = 110 + qrSize - 10;
  const note = [
    'Periksa keaslian izin ini dengan memindai kode QR atau membuka:',
    opts.verifyUrl,
    'Dokumen ini ditandatangani secara elektronik (Ed25519).',
    `ID kunci: ${signature.kid}`,
  ];
  for (const line of note) {
    for (const part of wrap(line, regular, 8, width - qrSize - 16)) {
      page.drawText(part, { x: left + qrSize + 16, y, size: 8, font: regular });
      y -= 11;
    }
  }
  return doc.save({ useObjectStreams: false });
}

/** The signed fields and the signature embedded in a permit PDF, as text; null when there are none or the file is no PDF. */
export async function readPermitPdf(bytes: Uint8Array): Promise<{ fields: unknown; signature: unknown } | null> {
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(bytes, { updateMetadata: false, ignoreEncryption: true, throwOnInvalidObject: false });
  } catch {
    return null;
  }
  const info = infoDict(doc);
  if (!info) return null;
  const f = info.lookup(PDFName.of(PDF_FIELDS_KEY));
  const s = info.lookup(PDFName.of(PDF_SIGNATURE_KEY));
  const text = (o: unknown): string | null => (o instanceof PDFHexString || o instanceof PDFString ? o.decodeText() : null);
  const ft = text(f);
  const st = text(s);
  if (ft === null || st === null) return null;
  try {
    return { fields: JSON.parse(ft), signature: JSON.parse(st) };
  } catch {
    return null;
  }
}
