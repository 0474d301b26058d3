import { mineEffects } from './effects';
import { mountMine } from './render';
import { initialMine, type MineEvent, type MineState, reduce } from './state';

/**
 * 我的活动 wired for the volunteer's page: every event is reduced into a new state, which is
 * painted, and then the effects start what the new state asks for. The page places the sections
 * and awaits `start` (this month's activities and hours read).
 */
export function myActivities(
  volunteerId: string,
  onUnauthenticated: (error: unknown) => void,
): { sections: HTMLElement[]; start(): Promise<void> } {
  let state: MineState = initialMine;
  const panels = mountMine(dispatch, () => effects.locate());
  const effects = mineEffects(volunteerId, dispatch, () => state, onUnauthenticated);
  function dispatch(event: MineEvent): void {
    const before = state;
    state = reduce(state, event);
    panels.paint(state);
    effects.follow(event, before, state);
  }
  panels.paint(state);
  return { sections: panels.sections, start: () => effects.start() };
}
