import { en } from 'zod/locales';
import * as z from 'zod/mini';

/**
 * zod/mini has no messages of its own: without a locale every issue reads "Invalid input". The
 * English locale (about 3 KB) gives the same messages classic zod gave, for every issue whose
 * schema sets no message of its own; the `errors` of a problem response and the reasons of a
 * bulk import show them. Every contract module imports this file, so any schema parse sees them.
 *
 * Import the locale by name as here: `z.locales.en()` would bundle every locale (about 280 KB).
 */
z.config(en());
