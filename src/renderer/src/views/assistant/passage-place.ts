// Where a passage or a search hit comes from, in one line: "title › heading › sub-heading (page N)".
// A Markdown runbook's first heading is usually its title: it is not said twice.
export function passagePlace(title: string, headingPath: readonly string[], page: number | null): string {
  const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();
  const headings = headingPath.length > 0 && same(headingPath[0]!, title) ? headingPath.slice(1) : headingPath;
  const where = [title, ...headings].join(' › ');
  return page !== null ? `${where} (page ${page})` : where;
}
