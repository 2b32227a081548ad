// What every source kind brings to Settings → Sources: its form (one component) and the
// conversion between a configured source's view, the form's state (strings, as typed) and the
// save parameters, checked with the kind's shared schema before anything is sent. Listed once,
// by kind, in source-forms.ts; the tab renders one section per registered kind from it. A
// single-instance kind (HTTP ingest) brings less: no new item, no list line — its section, with
// the title, origin and save button around its form, is SingleSourceSection's.
import type { ReactNode } from 'react';
import type { SourcesSettings } from '../../../../../shared/contract/sources';
import type {
  SingleSourceKindName,
  SingleSourceSaveInputOf,
  SingleSourceViewOf,
  SourceKindName,
  SourceSaveInputOf,
  SourceViewOf,
} from '../../../../../shared/sources/source-kinds';
import type { Converted, FieldErrors } from './draft-fields';

export interface SourceFormProps<D> {
  draft: D;
  /** Field errors by path ("source.url"), from the schema or the engine. */
  errors: FieldErrors;
  /** Everything configured now (e.g. the embedded broker's URL). */
  settings: SourcesSettings;
  onChange(draft: D): void;
}

/**
 * One kind's form. Methods (not function properties) on purpose: the registry holds each form
 * with its own draft type, and the tab only ever hands a form the draft it made.
 */
export interface SourceForm<K extends SourceKindName = SourceKindName, D extends { id: string } = { id: string }> {
  /** A new source's form state. */
  newDraft(): D;
  /** The form state of a configured source; secrets stay empty (left out, the engine keeps them). */
  draftOf(view: SourceViewOf<K>): D;
  /** The save (and test) parameters, or errors at the paths the engine uses ("source.url"). */
  params(draft: D): Converted<SourceSaveInputOf<K>>;
  /** One line saying what a configured source is, in the kind's list. */
  summary(view: SourceViewOf<K>, settings: SourcesSettings): string;
  /** The form itself. */
  Form(props: SourceFormProps<D>): ReactNode;
}

export interface SingleSourceFormProps<D, V> {
  draft: D;
  /** What the engine runs now (e.g. the token fingerprints). */
  view: V;
  /** Field errors by path ("http.maxRows"), from the schema or the engine. */
  errors: FieldErrors;
  onChange(draft: D): void;
}

/** A single-instance kind's form; methods for the same reason as SourceForm's. */
export interface SingleSourceForm<K extends SingleSourceKindName = SingleSourceKindName, D = unknown> {
  /** The form state of what runs now; secrets stay empty (left out, the engine keeps them). */
  draftOf(view: SingleSourceViewOf<K>): D;
  /** The save parameters, or errors at the paths the engine uses ("http.maxRows"). */
  params(draft: D): Converted<SingleSourceSaveInputOf<K>>;
  /** The fields. */
  Form(props: SingleSourceFormProps<D, SingleSourceViewOf<K>>): ReactNode;
}
