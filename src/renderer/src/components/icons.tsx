// Every icon of the control room, as inline SVG drawn in the text colour (currentColor) on a
// 16-unit grid. Why not emoji or symbol characters: they depend on the fonts of the machine —
// Debian's Chromium has no emoji font, and the mute button showed an empty box (issue 16). An
// icon is always decorative here (aria-hidden): the button or text beside it carries the words.
import type { StatusShape } from '../../../shared/device-status';

type IconProps = { className?: string };

function Svg({ d, solid, className }: IconProps & { d: string; solid?: string }) {
  return (
    <svg
      className={className ? `icon ${className}` : 'icon'}
      viewBox="0 0 16 16"
      width="1em"
      height="1em"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.6"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      {solid && <path d={solid} fill="currentColor" stroke="none" />}
      <path d={d} />
    </svg>
  );
}

const SPEAKER = 'M1.5 5.5h3l4-3.5v12l-4-3.5h-3z';

/** The alarm sound is on. */
export const SpeakerIcon = (p: IconProps) => (
  <Svg {...p} solid={SPEAKER} d="M11 5.5a3.5 3.5 0 0 1 0 5M13 3a7 7 0 0 1 0 10" />
);
/** The alarm sound is muted. */
export const SpeakerMutedIcon = (p: IconProps) => <Svg {...p} solid={SPEAKER} d="M11 6l4 4M15 6l-4 4" />;
/** The theme switch: a half-filled circle (light and dark). */
export const ThemeIcon = (p: IconProps) => (
  <Svg {...p} solid="M8 2a6 6 0 0 0 0 12z" d="M8 2a6 6 0 1 1 0 12A6 6 0 0 1 8 2z" />
);
/** Opens the views' menu on a narrow screen. */
export const MenuIcon = (p: IconProps) => <Svg {...p} d="M2 4h12M2 8h12M2 12h12" />;
/** Closes a panel; also marks an error in a list. */
export const CloseIcon = (p: IconProps) => <Svg {...p} d="M4 4l8 8M12 4l-8 8" />;
/** Something folded that opens (right) or open (down). */
export const ChevronIcon = ({ open, ...p }: IconProps & { open: boolean }) => (
  <Svg {...p} d={open ? 'M3.5 6l4.5 4.5L12.5 6' : 'M6 3.5l4.5 4.5L6 12.5'} />
);
/** A trend's direction. */
export const TrendIcon = ({ direction, ...p }: IconProps & { direction: 'increasing' | 'stable' | 'decreasing' }) => (
  <Svg
    {...p}
    d={
      direction === 'increasing'
        ? 'M8 13V3M4 7l4-4 4 4'
        : direction === 'decreasing'
          ? 'M8 3v10M4 9l4 4 4-4'
          : 'M3 8h10M9 4l4 4-4 4'
    }
  />
);
/** A device status's shape (src/shared/device-status.ts), so its colour is never the only signal. */
const SHAPES: Record<Exclude<StatusShape, 'normal'>, { d: string; solid?: string }> = {
  critical: { d: '', solid: 'M8 1.5L14.5 8 8 14.5 1.5 8z' },
  high: { d: '', solid: 'M8 2l6.5 11.5h-13z' },
  medium: { d: '', solid: 'M1.5 2.5h13L8 14z' },
  low: { d: '', solid: 'M3 3h10v10H3z' },
  returned: { d: 'M8 2l6 6-6 6-6-6z' },
  offline: { d: 'M8 2.5a5.5 5.5 0 1 0 0 11 5.5 5.5 0 0 0 0-11z' },
  shelved: { d: 'M8 2.5a5.5 5.5 0 1 0 0 11 5.5 5.5 0 0 0 0-11zM4.2 11.8l7.6-7.6' },
  suppressed: { d: 'M8 2.5a5.5 5.5 0 1 0 0 11 5.5 5.5 0 0 0 0-11zM4.2 11.8l7.6-7.6' },
  predicted: { d: 'M3 13l10-10M6 3h7v7' },
};
export const StatusShapeIcon = ({ shape, ...p }: IconProps & { shape: StatusShape }) =>
  shape === 'normal' ? null : <Svg {...p} {...SHAPES[shape]} />;
