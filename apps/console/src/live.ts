/** Whether the live stream of queue changes is connected (polling is the fallback while it is not). */
export function useLiveQueue(): boolean {
  return false;
}
