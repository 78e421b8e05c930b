/** An alarm bell drawn inline: an emoji depends on the tablet's fonts and may show as a box. */
export function BellIcon({ size = 32 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path
        d="M12 2a1.5 1.5 0 0 0-1.5 1.5v.6A6.5 6.5 0 0 0 5.5 10.5v4.3L3.6 17.6a.9.9 0 0 0 .8 1.4h15.2a.9.9 0 0 0 .8-1.4l-1.9-2.8v-4.3a6.5 6.5 0 0 0-5-6.4v-.6A1.5 1.5 0 0 0 12 2Zm-2.5 18a2.5 2.5 0 0 0 5 0h-5Z"
        fill="currentColor"
      />
    </svg>
  );
}
