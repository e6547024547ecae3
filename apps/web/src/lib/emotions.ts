import { EMOTIONS, type Emotion } from '@vigil/contracts';

/** The emotions present (strength above 0), strongest first. */
export function emotionList(emotions: Partial<Record<Emotion, number>> | undefined): [Emotion, number][] {
  if (!emotions) return [];
  return EMOTIONS.flatMap((e) => {
    const value = emotions[e];
    return value != null && value > 0 ? [[e, value] as [Emotion, number]] : [];
  }).sort((a, b) => b[1] - a[1]);
}
