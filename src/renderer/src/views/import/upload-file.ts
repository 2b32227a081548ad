// Sends a file chosen in the browser to the engine (POST /api/import/upload), which stores it
// on its own machine and answers with the path that import.preview and import.start take.
// XMLHttpRequest rather than fetch: it reports upload progress, which a file of hundreds of
// megabytes needs. A write: it carries the session token in its Authorization header (a cookie
// alone writes nothing).
import { ImportUpload } from '../../../../shared/contract/import';
import { restAnswer } from '../../../../shared/rest-envelope';
import { authHeaders } from '../../api/session';

export class UploadError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'UploadError';
  }
}

const UploadAnswer = restAnswer(ImportUpload);

export function uploadUrl(fileName: string): string {
  return `/api/import/upload?name=${encodeURIComponent(fileName)}`;
}

export function uploadFile(
  file: File,
  onProgress: (fraction: number) => void,
): { done: Promise<ImportUpload>; abort(): void } {
  const xhr = new XMLHttpRequest();
  const done = new Promise<ImportUpload>((resolve, reject) => {
    xhr.open('POST', uploadUrl(file.name));
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    for (const [name, value] of Object.entries(authHeaders())) xhr.setRequestHeader(name, value);
    xhr.responseType = 'json';
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      const answer = UploadAnswer.safeParse(xhr.response);
      const body = answer.success ? answer.data : null;
      if (body?.success) resolve(body.data);
      else if (body) reject(new UploadError(body.error.message, body.error.code));
      else reject(new UploadError(`the engine answered HTTP ${xhr.status}`, 'INTERNAL'));
    };
    xhr.onerror = () => reject(new UploadError('the upload failed: the engine could not be reached', 'UNAVAILABLE'));
    xhr.onabort = () => reject(new UploadError('the upload was cancelled', 'CANCELLED'));
    xhr.send(file);
  });
  return { done, abort: () => xhr.abort() };
}
