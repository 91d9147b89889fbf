/** Shown while files are dragged over the library. Drag events pass through it. */
export function DropOverlay() {
  return (
    <div className="drop-overlay" data-testid="drop-overlay">
      <p>Drop photos or folders to add them to your library</p>
    </div>
  );
}
