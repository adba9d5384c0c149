import type { ServiceItem } from '../../../../shared/domain/serviceItem';
import type { KioskDatabase } from '../schema';

export interface ServiceDepartment {
  department: string;
  items: ServiceItem[];
}

/** The whole catalog (a few dozen items: small enough to hold), by code. */
export function listServiceItems(db: KioskDatabase): Promise<ServiceItem[]> {
  return db.serviceItems.orderBy('code').toArray();
}

export function getServiceItem(db: KioskDatabase, code: string): Promise<ServiceItem | undefined> {
  return db.serviceItems.get(code);
}

/** Case-insensitive match on the name or the code; blank text keeps everything. */
export function filterServiceItems(items: readonly ServiceItem[], text: string): ServiceItem[] {
  const needle = text.trim().toLowerCase();
  if (needle === '') return [...items];
  return items.filter((item) => item.name.toLowerCase().includes(needle) || item.code.toLowerCase().includes(needle));
}

/** Departments in catalog order of their first item, items by code within each. */
export function groupByDepartment(items: readonly ServiceItem[]): ServiceDepartment[] {
  const groups = new Map<string, ServiceItem[]>();
  for (const item of [...items].sort((a, b) => a.code.localeCompare(b.code))) {
    const list = groups.get(item.department);
    if (list) list.push(item);
    else groups.set(item.department, [item]);
  }
  return Array.from(groups, ([department, list]) => ({ department, items: list }));
}
