import { Anchor, Group, Select } from '@mantine/core';
import { Link, useLocation, useSearchParams } from 'react-router';
import { useI18n, useOversightT } from '../i18n';
import { filtersOf, usePermitTypeOptions, ZONES } from './queries';

const MONTHS = [1, 3, 6, 12, 24];

/** The oversight screens, with the shared filters (agency, permit type, period, zone) carried from one to the next. */
export function OversightNav() {
  const to = useOversightT();
  const [params] = useSearchParams();
  const location = useLocation();
  const keep = new URLSearchParams();
  for (const k of ['months', 'agency', 'permitType', 'zone']) {
    const v = params.get(k);
    if (v) keep.set(k, v);
  }
  const qs = keep.toString() ? `?${keep.toString()}` : '';
  const links = [
    { to: '/oversight', label: to('nav.dashboard') },
    { to: '/oversight/overdue', label: to('nav.overdue') },
    { to: '/oversight/signals', label: to('nav.signals') },
    { to: '/oversight/complaints', label: to('nav.complaints') },
    { to: '/oversight/whatif', label: to('nav.whatif') },
  ];
  return (
    <Group gap="md" component="nav" aria-label={to('nav.label')} mb="sm">
      {links.map((l) => (
        <Anchor key={l.to} component={Link} to={`${l.to}${qs}`} fw={location.pathname === l.to ? 700 : 400} aria-current={location.pathname === l.to ? 'page' : undefined}>
          {l.label}
        </Anchor>
      ))}
    </Group>
  );
}

/** Period, agency, permit type and zone, held in the URL so a view can be shared. */
export function DashboardFilterBar({ withPeriod = true, withZone = true }: { withPeriod?: boolean; withZone?: boolean }) {
  const { t } = useI18n();
  const to = useOversightT();
  const [params, setParams] = useSearchParams();
  const f = filtersOf(params);
  const types = usePermitTypeOptions();
  const agencies = [...new Set((types.data?.items ?? []).map((p) => p.agency))].sort();
  const permitTypes = (types.data?.items ?? []).filter((p) => !f.agency || p.agency === f.agency);
  const set = (key: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    next.delete('page');
    setParams(next);
  };
  // drawn once the options are known, so a value from the URL shows in its picker at once
  if (!types.data) return null;
  return (
    <Group align="end" gap="sm" mb="md" wrap="wrap">
      {withPeriod && (
        <Select
          label={to('filters.period')}
          data={MONTHS.map((m) => ({ value: String(m), label: to('filters.months', { count: m }) }))}
          value={String(f.months)}
          onChange={(v) => set('months', v)}
          allowDeselect={false}
          w={170}
        />
      )}
      <Select
        label={to('filters.agency')}
        data={agencies}
        value={f.agency ?? null}
        onChange={(v) => set('agency', v)}
        placeholder={t('common.all')}
        clearable
        w={260}
      />
      <Select
        label={to('filters.permitType')}
        data={permitTypes.map((p) => ({ value: p.code, label: `${p.name} (${p.code})` }))}
        value={f.permitType ?? null}
        onChange={(v) => set('permitType', v)}
        placeholder={t('common.all')}
        clearable
        w={280}
      />
      {withZone && (
        <Select
          label={to('filters.zone')}
          data={ZONES.map((z) => ({ value: z, label: z }))}
          value={f.zone ?? null}
          onChange={(v) => set('zone', v)}
          placeholder={t('common.all')}
          clearable
          w={120}
        />
      )}
    </Group>
  );
}
