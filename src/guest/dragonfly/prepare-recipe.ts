// How prepare would get into a DragonFly BSD image: it cannot, from what DragonFly publishes. Its
// releases are installation media (an ISO and a USB image that boot the installer), no disk image
// of an installed system, and an installed system's root login is whatever its installer was
// given, so an image nicgate did not make has no documented way in.
import type { RecipeRefusal } from '../recipe/recipe.js';

export const DRAGONFLY_RECIPE: RecipeRefusal = {
  kind: 'refusal',
  reason:
    "DragonFly BSD publishes installation media, not a disk image of an installed system, and an installed system's root login is whatever its installer was given, so an image nicgate did not make has no documented way in",
  sources: [
    'https://www.dragonflybsd.org/download/',
    'https://www.dragonflybsd.org/docs/handbook/Installation/',
  ],
};
