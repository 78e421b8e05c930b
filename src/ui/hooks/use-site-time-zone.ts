// The site's time zone for QC due windows and their times: the one the department server sent (site
// settings), else this tablet's own, so a tablet set to another zone still shows "due by 08:00" in
// the department's local time.
import { useServices } from '../services';

export const tabletTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

export function useSiteTimeZone(): string {
  return useServices().site?.timeZone ?? tabletTimeZone();
}
