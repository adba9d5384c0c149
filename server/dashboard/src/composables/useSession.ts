import { computed, readonly, shallowRef, type ComputedRef, type DeepReadonly, type ShallowRef } from 'vue';
import { z } from 'zod';
import { roleAtLeast, staffSessionSchema, type StaffRole, type StaffSession, type StaffUser } from '../../../../shared/dashboard/staff';
import { ApiError, apiGet, apiSend, setCsrfToken, setUnauthorizedHandler } from '../api/client';

/**
 * The signed-in staff member, shared by the whole app (one module-level state: there is one session
 * per tab). The server decides everything; this only mirrors who is signed in so the UI can hide
 * what the server would refuse.
 */
const session = shallowRef<StaffSession | null>(null);
let checked: Promise<void> | null = null;
let expiredHandler: (() => void) | null = null;

function adopt(next: StaffSession | null): void {
  session.value = next;
  setCsrfToken(next?.csrfToken ?? null);
}

async function fetchSession(): Promise<void> {
  try {
    adopt(await apiGet('/session', staffSessionSchema));
  } catch (error) {
    // 401 = not signed in; anything else (server down) also leaves the user at the login page, with its message there.
    if (!(error instanceof ApiError)) throw error;
    adopt(null);
  }
}

setUnauthorizedHandler(() => {
  // A session that expired mid-work: forget it and let the shell send the user to the login page.
  if (session.value === null) return;
  adopt(null);
  expiredHandler?.();
});

export interface SessionApi {
  user: ComputedRef<StaffUser | null>;
  session: DeepReadonly<ShallowRef<StaffSession | null>>;
  signedIn: ComputedRef<boolean>;
  /** Resolves once the first GET /session has answered (the router guard waits for it). */
  ready(): Promise<void>;
  login(name: string, password: string): Promise<StaffUser>;
  logout(): Promise<void>;
  /** True when the signed-in user's role is at least `role`. */
  can(role: StaffRole): boolean;
  /** Called after a request answered 401 while signed in. */
  onExpired(handler: () => void): void;
}

export function useSession(): SessionApi {
  return {
    user: computed(() => session.value?.user ?? null),
    session: readonly(session),
    signedIn: computed(() => session.value !== null),
    ready: () => (checked ??= fetchSession()),
    login: async (name, password) => {
      const next = await apiSend('POST', '/login', { name, password }, staffSessionSchema);
      adopt(next);
      checked = Promise.resolve();
      return next.user;
    },
    logout: async () => {
      try {
        await apiSend('POST', '/logout', undefined, z.unknown());
      } finally {
        // Signed out locally even when the server is unreachable: its session expires on its own.
        adopt(null);
      }
    },
    can: (role) => session.value !== null && roleAtLeast(session.value.user.role, role),
    onExpired: (handler) => {
      expiredHandler = handler;
    },
  };
}
