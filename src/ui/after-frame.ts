// Work that must not delay the screen it follows: run once the next frame has been painted (or after
// a short wait where no frame comes, as in a hidden tab).
export function afterFirstFrame(work: () => void): void {
  let done = false;
  const once = () => {
    if (done) return;
    done = true;
    work();
  };
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => setTimeout(once, 0));
  setTimeout(once, 250);
}
