import { apiUrl, ApiError } from '../../api/client';
import { CSRF_HEADER, dashboardErrorSchema } from '../../../../../shared/dashboard/staff';
import { fundUploadPreviewSchema, type FundUploadPreview } from '../../../../../shared/dashboard/funds';

export type UploadPhase = 'sending' | 'checking';

export interface UploadProgress {
  phase: UploadPhase;
  /** 0–1 while sending; 1 once the server has the whole file and is reading it. */
  fraction: number;
}

/**
 * POST /funds/uploads with the file as the raw body. XMLHttpRequest rather than the API client's
 * fetch because only XHR reports upload progress; a large list takes a while to send, then a
 * while to check, and the admin should see which of the two is happening.
 */
export function uploadFundFile(
  file: File,
  params: { programId?: string },
  csrfToken: string | null,
  onProgress: (progress: UploadProgress) => void,
): Promise<FundUploadPreview> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', apiUrl('/funds/uploads', { fileName: file.name, programId: params.programId }));
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    xhr.setRequestHeader('accept', 'application/json');
    if (csrfToken !== null) xhr.setRequestHeader(CSRF_HEADER, csrfToken);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress({ phase: 'sending', fraction: event.total === 0 ? 1 : event.loaded / event.total });
    };
    xhr.upload.onload = () => onProgress({ phase: 'checking', fraction: 1 });
    xhr.onerror = () => reject(new ApiError(0, 'NETWORK', 'network error'));
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // Not JSON (a proxy's error page): reported by status below.
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        const parsed = fundUploadPreviewSchema.safeParse(body);
        if (parsed.success) resolve(parsed.data);
        else reject(new ApiError(xhr.status, 'BAD_RESPONSE', 'unexpected response'));
        return;
      }
      const error = dashboardErrorSchema.safeParse(body);
      reject(
        error.success
          ? new ApiError(xhr.status, error.data.error.code, error.data.error.message)
          : new ApiError(xhr.status, `HTTP_${xhr.status}`, xhr.statusText || 'request failed'),
      );
    };
    onProgress({ phase: 'sending', fraction: 0 });
    xhr.send(file);
  });
}
