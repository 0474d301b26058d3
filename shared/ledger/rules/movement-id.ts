/** A movement's id: the volunteer's id and the movement's sequence in their account, `v1.42`. */
export const movementId = (volunteerId: string, sequence: number): string => `${volunteerId}.${sequence}`;

export function parseMovementId(id: string): { volunteerId: string; sequence: number } | undefined {
  const match = /^([A-Za-z0-9_-]{1,64})\.([1-9][0-9]{0,11})$/.exec(id);
  if (match === null) return undefined;
  const [, volunteerId, sequence] = match;
  if (volunteerId === undefined || sequence === undefined) return undefined;
  return { volunteerId, sequence: Number(sequence) };
}
