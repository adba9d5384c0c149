import type { Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import type { FundPublishResult, FundUploadPreview, FundUploadQuery } from '../../../../shared/dashboard/funds';
import type { FundListCounts } from '../../../../shared/funds/fundListValidator';
import type { Database } from '../../db/schema';
import type { FundUploadsTable } from '../../db/tables/funds';
import { loadFundContext } from './fundContextLoader';
import { publishFundFile } from './publishFundFile';
import { FUND_UPLOAD_TTL_MS, listOrphanUploads, newUploadId, removeUpload, saveUpload, storedPath } from './uploadStore';
import { checkFundFile, isPublishable } from './validateFundFile';

export interface FundUploadDeps {
  db: Kysely<Database>;
  clock: () => Date;
  uploadDir: string;
}

export class FundUploadNotFoundError extends Error {
  override name = 'FundUploadNotFoundError';
}

/** Publishing an upload that has bad rows, none at all, or was already published. */
export class FundUploadNotPublishableError extends Error {
  override name = 'FundUploadNotPublishableError';
}

function toPreview(row: FundUploadsTable): FundUploadPreview {
  const counts = JSON.parse(row.summary) as FundListCounts;
  return {
    uploadId: row.id,
    fileName: row.file_name,
    format: row.format as FundUploadPreview['format'],
    encoding: row.encoding as FundUploadPreview['encoding'],
    ...counts,
    publishable: row.publishable === 1 && row.state === 'ready',
    state: row.state as FundUploadPreview['state'],
    uploadedAt: row.uploaded_at,
    expiresAt: row.expires_at,
  };
}

/**
 * Removes uploads past their day: the file (if still there) and the preview; also files a day old
 * that have no preview at all (the server stopped while reading them).
 */
export async function sweepExpiredUploads(deps: FundUploadDeps): Promise<number> {
  const now = deps.clock();
  const expired = await deps.db.selectFrom('fund_uploads').select(['id', 'stored_name']).where('expires_at', '<', now.toISOString()).execute();
  for (const row of expired) {
    await removeUpload(deps.uploadDir, row.stored_name);
    await deps.db.deleteFrom('fund_uploads').where('id', '=', row.id).execute();
  }
  const known = new Set((await deps.db.selectFrom('fund_uploads').select('stored_name').execute()).map((r) => r.stored_name));
  const orphans = await listOrphanUploads(deps.uploadDir, known, now.getTime() - FUND_UPLOAD_TTL_MS);
  for (const name of orphans) await removeUpload(deps.uploadDir, name);
  return expired.length + orphans.length;
}

/**
 * Stores the body, checks it and records the preview. A file that cannot be read at all is
 * removed again and its FundFileError thrown; a readable file with bad rows is kept with a
 * preview that is not publishable (staff see why, fix the list and upload it again).
 */
export async function createFundUpload(deps: FundUploadDeps, body: Readable, query: FundUploadQuery, uploadedBy: string | null): Promise<FundUploadPreview> {
  await sweepExpiredUploads(deps);
  // Refuse an unknown program before reading a possibly large body to disk.
  await loadFundContext(deps.db, query.programId);
  const id = newUploadId();
  const { storedName, size } = await saveUpload(deps.uploadDir, id, body);
  let check;
  try {
    check = await checkFundFile(deps.db, storedPath(deps.uploadDir, storedName), query.programId);
  } catch (error) {
    await removeUpload(deps.uploadDir, storedName);
    throw error;
  }
  const now = deps.clock();
  const row: FundUploadsTable = {
    id,
    file_name: query.fileName,
    format: check.format,
    encoding: check.encoding,
    program_id: query.programId ?? null,
    stored_name: storedName,
    size_bytes: size,
    summary: JSON.stringify(check.counts),
    publishable: isPublishable(check.counts) ? 1 : 0,
    state: 'ready',
    uploaded_by: uploadedBy,
    uploaded_at: now.toISOString(),
    expires_at: new Date(now.getTime() + FUND_UPLOAD_TTL_MS).toISOString(),
    published_at: null,
  };
  await deps.db.insertInto('fund_uploads').values(row).execute();
  return toPreview(row);
}

async function findUpload(deps: FundUploadDeps, id: string): Promise<FundUploadsTable> {
  const row = await deps.db.selectFrom('fund_uploads').selectAll().where('id', '=', id).where('expires_at', '>=', deps.clock().toISOString()).executeTakeFirst();
  if (row === undefined) throw new FundUploadNotFoundError(`upload ${id} does not exist or has expired`);
  return { ...row, size_bytes: Number(row.size_bytes) };
}

export async function getFundUpload(deps: FundUploadDeps, id: string): Promise<FundUploadPreview> {
  return toPreview(await findUpload(deps, id));
}

/**
 * Publishes a previewed upload (re-checked inside the publishing transaction), marks it
 * published so it cannot be published twice, and removes its file.
 */
export async function publishFundUpload(deps: FundUploadDeps, id: string): Promise<FundPublishResult> {
  const row = await findUpload(deps, id);
  if (row.state !== 'ready') throw new FundUploadNotPublishableError(`upload ${id} was already published`);
  if (row.publishable !== 1) throw new FundUploadNotPublishableError(`upload ${id} has bad rows or no rows: fix the list and upload it again`);
  // Claim the upload first, so two simultaneous publish requests cannot both run.
  const claimed = await deps.db.updateTable('fund_uploads').set({ state: 'publishing' }).where('id', '=', id).where('state', '=', 'ready').executeTakeFirst();
  if (Number(claimed.numUpdatedRows) !== 1) throw new FundUploadNotPublishableError(`upload ${id} is already being published`);
  let result;
  try {
    result = await publishFundFile(deps.db, storedPath(deps.uploadDir, row.stored_name), row.program_id ?? undefined, deps.clock());
  } catch (error) {
    await deps.db.updateTable('fund_uploads').set({ state: 'ready' }).where('id', '=', id).execute();
    throw error;
  }
  await deps.db.updateTable('fund_uploads').set({ state: 'published', published_at: result.publishedAt }).where('id', '=', id).execute();
  await removeUpload(deps.uploadDir, row.stored_name);
  return { uploadId: id, published: result.published, removed: result.removed, dataAsOf: result.dataAsOf, publishedAt: result.publishedAt };
}
