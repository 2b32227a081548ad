// The central engine this desktop is attached to, once known at boot (main.tsx): the header shows
// its address beside the user. Null for a station's own engine and in a browser.
let url: string | null = null;

export function setRemoteEngineUrl(next: string | null): void {
  url = next;
}

export function remoteEngineUrl(): string | null {
  return url;
}
