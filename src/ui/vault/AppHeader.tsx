import type { ReactNode } from 'react';

/** The app's name, and the actions of the current screen (Settings and Lock when unlocked). */
export function AppHeader({ children }: { children?: ReactNode }) {
  return (
    <header className="app-header">
      <img src="./icons/icon.svg" alt="" width={32} height={32} />
      <h1>Pinhole</h1>
      {children && <div className="header-actions">{children}</div>}
    </header>
  );
}
