/**
 * A deficiency notice names documents; the applicant answers it by uploading each of them anew.
 * The case keeps, for each named requirement, the document it had when the notice was sent, so a
 * replacement is a different current document (a new upload), whatever the clocks say.
 */
export interface NoticedDocument {
  readonly requirement: string;
  /** The requirement's current document when the notice was sent; null when it had none. */
  readonly documentId: string | null;
}

/** The last deficiency notice of a case: when it was sent and the documents it named. */
export interface DeficiencyNoticeRecord {
  readonly sentAt: string;
  readonly documents: readonly NoticedDocument[];
}

/** A current document of the case, as far as this rule cares. */
export interface CurrentDocument {
  readonly id: string;
  readonly requirement: string;
}

/** The record a notice naming `requirements` leaves, given the documents current when it is sent. */
export function noticeRecord(requirements: readonly string[], current: readonly CurrentDocument[], sentAt: Date): DeficiencyNoticeRecord {
  return {
    sentAt: sentAt.toISOString(),
    documents: [...new Set(requirements)].map((requirement) => ({
      requirement,
      documentId: current.find((d) => d.requirement === requirement)?.id ?? null,
    })),
  };
}

/**
 * The requirements the notice named that have not been uploaded anew since it was sent, in the
 * notice's order. None when there is no notice on record (a case noticed before the rule existed).
 */
export function documentsToReplace(notice: DeficiencyNoticeRecord | null | undefined, current: readonly CurrentDocument[]): string[] {
  if (!notice) return [];
  return notice.documents
    .filter((n) => {
      const now = current.find((d) => d.requirement === n.requirement);
      return now === undefined || now.id === n.documentId;
    })
    .map((n) => n.requirement);
}
