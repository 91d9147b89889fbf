/** How long an object URL lives after its click: enough for the browser to start reading it. */
const REVOKE_AFTER_MS = 60_000;

/** Saves one file (a photo's decrypted original) under its own name, through the browser. */
export function saveFile(file: File): void {
  const url = URL.createObjectURL(file);
  const link = document.createElement('a');
  link.href = url;
  link.download = file.name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoking at once can cancel the download before the browser has opened the Blob.
  setTimeout(() => {
    URL.revokeObjectURL(url);
  }, REVOKE_AFTER_MS);
}
