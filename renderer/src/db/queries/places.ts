import type { Notice } from '../../../../shared/domain/notice';
import type { VillageProject } from '../../../../shared/domain/villageProject';
import type { KioskDatabase } from '../schema';

/** The scope's village projects, newest year first. */
export async function listProjects(db: KioskDatabase): Promise<VillageProject[]> {
  const projects = await db.projects.orderBy('year').reverse().toArray();
  return projects.sort((a, b) => b.year - a.year || a.villageCode.localeCompare(b.villageCode) || a.id.localeCompare(b.id));
}

/** Notices for the scope and the whole county, newest publication first (by its date, never the kiosk clock). */
export async function listNotices(db: KioskDatabase): Promise<Notice[]> {
  const notices = await db.notices.orderBy('publishedOn').reverse().toArray();
  return notices.sort((a, b) => b.publishedOn.localeCompare(a.publishedOn) || a.id.localeCompare(b.id));
}
