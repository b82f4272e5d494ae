/** The password of every demo user. Only ever seeded when DEMO_SEED=true. */
export const DEMO_PASSWORD = 'Tenggat-demo-2026';

export const DEMO_AGENCIES = ['dpmptsp-kota-contoh', 'kementerian-investasi', 'dlh-provinsi-sulsel', 'dpmptsp-provinsi-papua'] as const;

/** The officer roles each demo agency's shipped permit types name (config/permit-types). */
const DEMO_OFFICER_ROLES: Record<(typeof DEMO_AGENCIES)[number], readonly string[]> = {
  'dpmptsp-kota-contoh': ['verifier', 'reviewer', 'approver'],
  'kementerian-investasi': ['verifier', 'approver'],
  'dlh-provinsi-sulsel': ['verifier', 'examiner', 'approver'],
  'dpmptsp-provinsi-papua': ['verifier', 'inspector', 'approver'],
};

export interface DemoUser {
  email: string;
  name: string;
  roles: string[];
  agencyCode: string | null;
  nib: string | null;
}

const staff = (agency: (typeof DEMO_AGENCIES)[number]): DemoUser[] =>
  ['supervisor', ...DEMO_OFFICER_ROLES[agency]].map((role) => ({
    email: `${role}@${agency}.test`,
    name: `${role[0].toUpperCase()}${role.slice(1)} ${agency}`,
    roles: [role],
    agencyCode: agency,
    nib: null,
  }));

/**
 * Demo accounts, all with DEMO_PASSWORD: an admin, an ombudsman, a supervisor and one officer
 * per role its permit types name for each demo agency, and two applicants.
 */
export const DEMO_USERS: readonly DemoUser[] = [
  { email: 'admin@tenggat.test', name: 'Admin Tenggat', roles: ['admin'], agencyCode: null, nib: null },
  { email: 'ombudsman@tenggat.test', name: 'Ombudsman Tenggat', roles: ['ombudsman'], agencyCode: null, nib: null },
  ...DEMO_AGENCIES.flatMap(staff),
  { email: 'budi@usaha.test', name: 'Budi Santoso', roles: ['applicant'], agencyCode: null, nib: '9120001234567' },
  { email: 'siti@usaha.test', name: 'Siti Rahmawati', roles: ['applicant'], agencyCode: null, nib: '9120007654321' },
];
