import type { consumedAt } from '@tenggat/sla/clock-math';

/** What the clock maths needs from a calendar (libs/sla's WorkingCalendar; BusinessCalendar satisfies it). */
export type WorkingCalendar = Parameters<typeof consumedAt>[0];
