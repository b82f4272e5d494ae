/**
 * What the clock maths needs from a business calendar. `BusinessCalendar` from
 * `@tenggat/calendar` satisfies it; tests can pass a simpler one.
 */
export interface WorkingCalendar {
  readonly timeZone: string;
  workingTimeBetween(a: Date, b: Date): { ms: number; provisional: boolean };
  addWorkingTime(from: Date, ms: number): { instant: Date; provisional: boolean };
  endOfWorkingDay(instant: Date): { instant: Date; provisional: boolean };
  /** Last millisecond of the local day containing the instant. */
  endOfDay(instant: Date): Date;
}
