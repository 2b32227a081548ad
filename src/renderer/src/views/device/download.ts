// Saves something the renderer made (a CSV, a PNG) through an <a download>: the one way that
// works in a browser and in an Electron window alike, without asking the shell.

export function saveUrl(href: string, fileName: string): void {
  const a = document.createElement('a');
  a.href = href;
  a.download = fileName;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
}

export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  saveUrl(url, fileName);
  // The download has taken its copy by the next task; keep the URL a little longer regardless.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function inElectron(): boolean {
  return typeof window !== 'undefined' && window.watchfloor?.runtime === 'electron';
}
