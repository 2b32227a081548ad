// A fitted trend on screen: the arrow (SVG) and the direction in words, the signed rate, and
// the span it was fitted over — or "too little data" and why. Colour is never the signal: the
// arrow's shape and the word carry it.
import type { TrendFit } from '../../../shared/trend-fit';
import { TrendIcon } from './icons';
import './trend-figure.css';
import { DIRECTION_ICON, trendText } from './trend-text';

export function TrendFigure({ fit, unit, testId }: { fit: TrendFit; unit: string; testId?: string }) {
  const t = trendText(fit, unit);
  return (
    <span
      className="trend-figure"
      data-testid={testId}
      data-direction={t.direction ?? 'none'}
      data-rate={t.rate}
      data-from={fit.state === 'ok' ? fit.from : undefined}
      data-to={fit.state === 'ok' ? fit.to : undefined}
    >
      {t.direction && <TrendIcon className="trend-arrow" direction={DIRECTION_ICON[t.direction]} />}
      <span className="trend-word">{t.word}</span>
      {t.rate && <span className="trend-slope">{t.rate}</span>}
      <span className="trend-over">{t.over}</span>
    </span>
  );
}
