// A one-line step between the first view and the fitted wall: the first view's chunk names only
// this module, so it does not carry the list of every file the wall board needs (Vite's preload
// list, about 300 bytes); this chunk does, fetched after the first paint.
export const loadWallBoard = () => import('./WallBoard').then((m) => m.WallBoard);
