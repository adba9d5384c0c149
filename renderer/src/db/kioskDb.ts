import { KioskDatabase } from './schema';

/** The app's one connection to the kiosk database (a worker that imports opens its own). */
export const kioskDb = new KioskDatabase();
