// Settings → Display: theme. PLACEHOLDER (issue 16): its owner builds it.

export function ThemeSection() {
  return null;
}
