// Settings → Display: layouts. PLACEHOLDER (issue 16): its owner builds it.

export function LayoutsSection() {
  return null;
}
