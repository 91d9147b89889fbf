/**
 * One live region for what the viewer did ("Moved to trash"), kept in <body> outside React: it
 * must outlive the viewer (trashing the last photo closes it) and exist before its text changes,
 * or screen readers miss the message. It shows as a toast while it has text (a few seconds).
 */
let region: HTMLElement | null = null;
let timer: ReturnType<typeof setTimeout> | undefined;

export function ensureAnnouncer(): void {
  if (region?.isConnected) return;
  region = document.createElement('div');
  region.className = 'viewer-toast';
  region.setAttribute('role', 'status');
  document.body.append(region);
}

export function announce(message: string): void {
  ensureAnnouncer();
  if (!region) return;
  const shown = region;
  shown.textContent = message;
  clearTimeout(timer);
  timer = setTimeout(() => {
    shown.textContent = '';
  }, 4000);
}
