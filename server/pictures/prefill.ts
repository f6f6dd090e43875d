/**
 * A week's picture as compiled from today's data: the week view, the prefilled text
 * (compileDraft, pure) and the facts it was written against. Field activities carry
 * over from the last picture published (and not withdrawn) before the week. Used by the draft routes
 * and by the demo's published history, so both compile a picture the same way.
 */
import type { FieldActivityRow, PictureContent, PictureFacts } from '../../shared/pictures';
import type { IsoWeek } from '../../shared/weeks';
import type { Db } from '../db/open';
import { compileWeekSummary } from '../weekview/compile';
import { weekviewStore } from '../weekview/store';
import { compileDraft } from './draft';
import { pictureStore } from './store';

export function prefillPicture(
  db: Db,
  week: IsoWeek,
  opts: { prioritisedAreaIds?: string[]; interventions?: { areaId: string; text: string }[] | undefined } = {},
): { content: PictureContent; facts: PictureFacts } {
  const store = pictureStore(db);
  // The figures from the week aggregates; of the observations only the events, which the text
  // lists – in one read transaction, so both are the same snapshot.
  const weekview = weekviewStore(db);
  const { view, events } = db.transaction(() => ({
    view: compileWeekSummary(weekview.weekSummaryInput(week, opts.prioritisedAreaIds ?? [])),
    events: weekview.weekEvents(week),
  }))();
  const previous = store.list().find((p) => p.week < week && !p.withdrawn);
  const previousFieldActivities: FieldActivityRow[] | undefined = previous ? store.published(previous.week)?.content.fieldActivities : undefined;
  return compileDraft({ view, events, ...(previousFieldActivities ? { previousFieldActivities } : {}), ...(opts.interventions ? { interventions: opts.interventions } : {}) });
}
