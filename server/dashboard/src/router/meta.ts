import type { StaffRole } from '../../../../shared/dashboard/staff';

/** A page's place in the top navigation: the label's i18n key and its order (lower first). */
export interface NavEntry {
  labelKey: string;
  order: number;
}

declare module 'vue-router' {
  interface RouteMeta {
    /** Reachable without a session (only the login page). */
    public?: boolean;
    /** The least role that may open the page; viewer when omitted. The server enforces the same on its API. */
    minRole?: StaffRole;
    /** Listed in the top navigation when set (and the user's role allows it). */
    nav?: NavEntry;
    /** The page title's i18n key (document.title). */
    titleKey?: string;
  }
}

export {};
