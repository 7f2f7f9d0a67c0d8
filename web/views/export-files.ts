/** Handing a file to the user: a download through a Blob and `<a download>`, and an SVG sheet rasterized to PNG. */
import type { Sheet } from './export-data.js';

/** Starts the download of `blob` as `name` (the browser's own download UI takes over). */
export function save(name: string, blob: Blob): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  // Revoked later, not at once: some browsers read the blob after click() returns.
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

/**
 * The sheet drawn on a canvas at `scale` times its size (2: sharp on slides and high-density
 * screens), as a PNG on white. Rejects when the browser cannot decode the SVG or encode the PNG.
 */
export async function pngOf(sheet: Sheet, scale = 2): Promise<Blob> {
  const img = new Image();
  // A data: address, not a blob: one, so no browser treats the image as cross-origin and taints the canvas.
  img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(sheet.svg)}`;
  await img.decode();
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(sheet.width * scale);
  canvas.height = Math.round(sheet.height * scale);
  const g = canvas.getContext('2d');
  if (!g) throw new Error('this browser cannot draw on a canvas');
  g.fillStyle = '#ffffff';
  g.fillRect(0, 0, canvas.width, canvas.height);
  g.drawImage(img, 0, 0, canvas.width, canvas.height);
  return new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('the PNG could not be encoded'))), 'image/png'));
}
