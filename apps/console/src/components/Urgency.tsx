import { number, urgency, type Locale } from '../format';

/** Working days left, coloured green / amber / red, with the words for screen readers. */
export function WorkingDaysLeft({ days, breached, warned, locale, label }: { days: number | null; breached?: boolean; warned?: boolean; locale: Locale; label: string }) {
  if (days === null) return <span>–</span>;
  const u = urgency(days, { breached, warned });
  return (
    <span className={`urgency urgency-${u}`} title={label} data-urgency={u}>
      {number(days, locale, 1)}
    </span>
  );
}
