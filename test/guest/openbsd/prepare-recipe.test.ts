// OpenBSD and DragonFly BSD publish no image with a known way in: their recipes are refusals,
// which a run of an image of theirs gives as its reason (no console dialogue to replay).
import { DRAGONFLY_RECIPE } from '../../../src/guest/dragonfly/prepare-recipe.js';
import { DRAGONFLY } from '../../../src/guest/dragonfly/system.js';
import { OPENBSD_RECIPE } from '../../../src/guest/openbsd/prepare-recipe.js';
import { OPENBSD } from '../../../src/guest/openbsd/system.js';
import { imagePrepareRefusal } from '../../../src/guest/recipe/recipe.js';

describe('the OpenBSD and DragonFly BSD prepare recipes', () => {
  it.each([
    [OPENBSD, OPENBSD_RECIPE, 'OpenBSD publishes installation media, not a disk image'],
    [DRAGONFLY, DRAGONFLY_RECIPE, 'DragonFly BSD publishes installation media, not a disk image'],
  ])('%s: a refusal with its reason and sources', (os, recipe, start) => {
    expect(os.imagePrepare).toEqual({ recipe, proven: false });
    expect(recipe.kind).toBe('refusal');
    expect(recipe.reason.startsWith(start)).toBe(true);
    expect(recipe.sources.length).toBeGreaterThan(0);
    expect(imagePrepareRefusal(os.label, os.imagePrepare!)).toBe(
      `nicgate knows no way into ${os.label} images: ${recipe.reason}`,
    );
  });
});
