/**
 * The personal-data guard over a whole picture: before publishing it runs over
 * every text field and blocks with the places it found. Pure.
 * Findings name the field and the position, not the text itself, so the answer
 * does not copy the personal data around once more.
 */
import { contentTexts, type PictureContent } from '../../shared/pictures';
import { findPersonalData, type PersonalDataKind } from '../../shared/personal-data';

export interface PictureFinding {
  /** e.g. "prioritisedAreas[1].situation" */
  path: string;
  kind: PersonalDataKind;
  start: number;
  end: number;
}

export function findPersonalDataInPicture(content: PictureContent): PictureFinding[] {
  return contentTexts(content).flatMap(({ path, text }) =>
    findPersonalData(text).map((f) => ({ path, kind: f.kind, start: f.start, end: f.end })),
  );
}
