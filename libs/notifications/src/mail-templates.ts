/**
 * Email templates in Bahasa Indonesia (the default) and English, plain text. Pure: the mailer
 * gives the event's data and the recipient; times are shown in the agency's zone.
 */
export const LANGUAGES = ['id', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

export const languageOf = (v: string | null | undefined): Language => (v === 'en' ? 'en' : 'id');

export interface RenderedMail {
  template: string;
  subject: string;
  text: string;
}

export interface MailContext {
  recipientName: string;
  /** IANA zone of the agency (Asia/Jakarta, Asia/Makassar, Asia/Jayapura). */
  timeZone: string;
  /** WIB, WITA or WIT. */
  zoneLabel: string;
}

type Data = Record<string, unknown>;

const s = (v: unknown): string => (typeof v === 'string' ? v : v === null || v === undefined ? '' : JSON.stringify(v));

/**
 * One formatter per language and zone: building an Intl.DateTimeFormat costs far more than
 * formatting with it (an officer's digest formats one date per case: at 200k cases the digests
 * took ~10 s of CPU building formatters).
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterOf(lang: Language, timeZone: string): Intl.DateTimeFormat {
  const key = `${lang}|${timeZone}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(lang === 'id' ? 'id-ID' : 'en-GB', { dateStyle: 'full', timeStyle: 'short', timeZone });
    formatters.set(key, f);
  }
  return f;
}

function when(iso: unknown, lang: Language, ctx: MailContext): string {
  if (typeof iso !== 'string') return lang === 'id' ? '(tidak ditentukan)' : '(not set)';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${formatterOf(lang, ctx.timeZone).format(d)} ${ctx.zoneLabel}`;
}

const greeting = (lang: Language, ctx: MailContext): string => (lang === 'id' ? `Yth. ${ctx.recipientName},` : `Dear ${ctx.recipientName},`);
const closing = (lang: Language): string =>
  lang === 'id'
    ? '\n\nPesan ini dikirim otomatis oleh Tenggat; jangan membalas email ini.\n'
    : '\n\nThis message was sent automatically by Tenggat; please do not reply to it.\n';

const docList = (v: unknown): string =>
  Array.isArray(v) ? v.map((d) => `  - ${s((d as { name?: unknown }).name)} (${s((d as { code?: unknown }).code)})`).join('\n') : '';

type Template = (d: Data, lang: Language, ctx: MailContext) => { subject: string; body: string };

const TEMPLATES: Record<string, Template> = {
  'application.submitted': (d, lang, ctx) =>
    lang === 'id'
      ? {
          subject: `Tanda terima permohonan ${s(d.reference)}`,
          body: `Permohonan Anda telah diterima lengkap dengan nomor ${s(d.reference)} (${s(d.permitType)}).\nDiterima: ${when(d.submittedAt, lang, ctx)}\nBatas waktu penyelesaian menurut ketentuan: ${when(d.legalDeadline, lang, ctx)} (${s(d.processingWorkingDays)} hari kerja).\nSimpan nomor permohonan dan kode akses Anda untuk melacak status permohonan.`,
        }
      : {
          subject: `Receipt for application ${s(d.reference)}`,
          body: `Your complete application was received as ${s(d.reference)} (${s(d.permitType)}).\nReceived: ${when(d.submittedAt, lang, ctx)}\nLegal deadline: ${when(d.legalDeadline, lang, ctx)} (${s(d.processingWorkingDays)} working days).\nKeep the reference and your access code to track the application.`,
        },
  'application.deficiency-notice-sent': (d, lang, ctx) =>
    lang === 'id'
      ? {
          subject: `Permohonan ${s(d.reference)}: dokumen perlu dilengkapi`,
          body: `Petugas meminta Anda melengkapi dokumen berikut untuk permohonan ${s(d.reference)}:\n${docList(d.missingDocuments)}\n\nCatatan petugas: ${s(d.comment) || '-'}\n\nLengkapi dan ajukan kembali paling lambat ${when(d.responseDeadline, lang, ctx)}. Selama menunggu, waktu penyelesaian berhenti dan akan berlanjut (tidak diulang dari awal) saat Anda mengajukan kembali. Jika tidak dijawab tepat waktu, permohonan akan diproses sesuai ketentuan (misalnya dianggap ditarik).`,
        }
      : {
          subject: `Application ${s(d.reference)}: documents needed`,
          body: `The officer asks you to supply these documents for application ${s(d.reference)}:\n${docList(d.missingDocuments)}\n\nThe officer's note: ${s(d.comment) || '-'}\n\nSupply them and resubmit by ${when(d.responseDeadline, lang, ctx)}. Meanwhile the processing clock is stopped; it resumes (never from zero) when you resubmit. Without an answer in time the application is closed as the rules say (for example, withdrawn).`,
        },
  'application.response-window-closing': (d, lang, ctx) =>
    lang === 'id'
      ? {
          subject: `Pengingat: batas jawaban permohonan ${s(d.reference)} besok`,
          body: `Batas waktu untuk melengkapi dokumen permohonan ${s(d.reference)} berakhir ${when(d.responseDeadline, lang, ctx)}. Setelah itu permohonan akan berpindah ke status "${s(d.onTimeout)}".`,
        }
      : {
          subject: `Reminder: the answer to application ${s(d.reference)} is due within a working day`,
          body: `The time to supply the documents for application ${s(d.reference)} ends ${when(d.responseDeadline, lang, ctx)}. After that the application moves to "${s(d.onTimeout)}".`,
        },
  'application.response-window-lapsed': (d, lang) =>
    lang === 'id'
      ? {
          subject: `Permohonan ${s(d.reference)}: batas waktu jawaban terlewati`,
          body: `Dokumen yang diminta untuk permohonan ${s(d.reference)} tidak dilengkapi tepat waktu. Permohonan kini berstatus "${s(d.state)}".`,
        }
      : {
          subject: `Application ${s(d.reference)}: the time to answer has passed`,
          body: `The documents asked for application ${s(d.reference)} were not supplied in time. The application is now "${s(d.state)}".`,
        },
  'application.decided': (d, lang) => {
    const approved = d.outcome === 'approved';
    return lang === 'id'
      ? {
          subject: `Keputusan permohonan ${s(d.reference)}: ${approved ? 'disetujui' : 'ditolak'}`,
          body: approved
            ? `Permohonan ${s(d.reference)} disetujui. Nomor izin: ${s(d.permitNumber)}.\nCatatan: ${s(d.comment) || '-'}`
            : `Permohonan ${s(d.reference)} ditolak.\nAlasan: ${s(d.comment) || '-'}\nAnda dapat menyampaikan pengaduan melalui saluran pengaduan yang tercantum dalam standar pelayanan.`,
        }
      : {
          subject: `Decision on application ${s(d.reference)}: ${approved ? 'approved' : 'rejected'}`,
          body: approved
            ? `Application ${s(d.reference)} was approved. Permit number: ${s(d.permitNumber)}.\nNote: ${s(d.comment) || '-'}`
            : `Application ${s(d.reference)} was rejected.\nReasons: ${s(d.comment) || '-'}\nYou may complain through the channel named in the service standard.`,
        };
  },
  'application.deemed-approved': (d, lang) =>
    lang === 'id'
      ? {
          subject: `Permohonan ${s(d.reference)} dianggap dikabulkan secara hukum`,
          body: `Batas waktu penyelesaian permohonan ${s(d.reference)} terlampaui tanpa keputusan, sehingga permohonan dianggap dikabulkan secara hukum (fiktif positif, UU 30/2014 pasal 53). Nomor izin: ${s(d.permitNumber)}.`,
        }
      : {
          subject: `Application ${s(d.reference)} is approved by law`,
          body: `The statutory time for application ${s(d.reference)} ran out without a decision, so it is approved by law (deemed approval, UU 30/2014 art. 53). Permit number: ${s(d.permitNumber)}.`,
        },
  'sla.breached': (d, lang, ctx) =>
    lang === 'id'
      ? {
          subject: `Permohonan ${s(d.reference)} melewati batas waktu penyelesaian`,
          body: `Batas waktu penyelesaian permohonan ${s(d.reference)} (${when(d.deadline, lang, ctx)}) telah terlewati. Keterlambatan ini tercatat dan diawasi.`,
        }
      : {
          subject: `Application ${s(d.reference)} is past its legal deadline`,
          body: `The legal deadline of application ${s(d.reference)} (${when(d.deadline, lang, ctx)}) has passed. The delay is on the record and supervised.`,
        },
  'permit.revoked': (d, lang) =>
    lang === 'id'
      ? { subject: `Izin ${s(d.permitNumber)} dicabut`, body: `Izin ${s(d.permitNumber)} (permohonan ${s(d.reference)}) dicabut.\nAlasan: ${s(d.reason) || '-'}` }
      : { subject: `Permit ${s(d.permitNumber)} revoked`, body: `Permit ${s(d.permitNumber)} (application ${s(d.reference)}) was revoked.\nReasons: ${s(d.reason) || '-'}` },
  'complaint.updated': (d, lang) =>
    lang === 'id'
      ? {
          subject: `Pengaduan Anda tentang permohonan ${s(d.reference)}: ${s(d.status)}`,
          body: `Status penanganan pengaduan Anda kini "${s(d.status)}" (sebelumnya "${s(d.previousStatus)}").${d.findings ? `\nTemuan: ${s(d.findings)}` : ''}`,
        }
      : {
          subject: `Your complaint about application ${s(d.reference)}: ${s(d.status)}`,
          body: `Your complaint is now "${s(d.status)}" (was "${s(d.previousStatus)}").${d.findings ? `\nFindings: ${s(d.findings)}` : ''}`,
        },
};

/** The email of an event to its applicant, or null when the event sends none. */
export function renderEventMail(type: string, data: Data, lang: Language, ctx: MailContext): RenderedMail | null {
  const t = TEMPLATES[type];
  if (!t) return null;
  const { subject, body } = t(data, lang, ctx);
  return { template: type, subject, text: `${greeting(lang, ctx)}\n\n${body}${closing(lang)}` };
}

export interface DigestCase {
  reference: string;
  state: string;
  deadline: string | null;
  breached: boolean;
}

/** The officers' daily digest of their warned and breached cases. */
export function renderDigest(cases: DigestCase[], lang: Language, ctx: MailContext, day: string): RenderedMail {
  const breached = cases.filter((c) => c.breached);
  const warned = cases.filter((c) => !c.breached);
  const line = (c: DigestCase): string => `  - ${c.reference} (${c.state}), ${lang === 'id' ? 'batas waktu' : 'deadline'} ${when(c.deadline, lang, ctx)}`;
  const body =
    lang === 'id'
      ? `Ringkasan ${day}: ${breached.length} perkara melewati batas waktu, ${warned.length} perkara mendekati batas waktu.\n\nMelewati batas waktu:\n${breached.map(line).join('\n') || '  -'}\n\nMendekati batas waktu:\n${warned.map(line).join('\n') || '  -'}`
      : `Digest of ${day}: ${breached.length} cases past their deadline, ${warned.length} cases close to it.\n\nPast the deadline:\n${breached.map(line).join('\n') || '  -'}\n\nClose to the deadline:\n${warned.map(line).join('\n') || '  -'}`;
  return {
    template: 'officer.digest',
    subject: lang === 'id' ? `Tenggat: ${breached.length} terlambat, ${warned.length} mendekati batas waktu (${day})` : `Tenggat: ${breached.length} late, ${warned.length} close to the deadline (${day})`,
    text: `${greeting(lang, ctx)}\n\n${body}${closing(lang)}`,
  };
}
