import type { KioskDatabase } from '../schema';

/** True until an import has completed: never imported, or one was cut short (killed, disk full). */
export async function needsImport(db: KioskDatabase): Promise<boolean> {
  const record = await db.meta.get('import');
  return record?.key !== 'import' || record.value.state !== 'complete';
}
