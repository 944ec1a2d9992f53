// How prepare would get into an OpenBSD image: it cannot, from what OpenBSD publishes. OpenBSD
// ships installation media (installNN.img, installNN.iso), no disk image to boot as it is, and
// its installer always sets a root password (given at the console, or by an autoinstall(8)
// response file), so an image nicgate did not make has no documented way in.
import type { RecipeRefusal } from '../recipe/recipe.js';

export const OPENBSD_RECIPE: RecipeRefusal = {
  kind: 'refusal',
  reason:
    'OpenBSD publishes installation media, not a disk image to boot as it is, and its installer always sets a root password, so an image nicgate did not make has no documented way in',
  sources: ['https://www.openbsd.org/faq/faq4.html', 'https://man.openbsd.org/autoinstall.8'],
};
