// Settings → Display: clock. PLACEHOLDER (issue 16): its owner builds it.

export function ClockSection() {
  return null;
}
