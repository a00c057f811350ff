// Shapes both backends' wire schemas share.
import { z } from 'zod';

/** A string field the backend may send as a string, null, or not at all; read as string | null. */
export const nullableString = z.string().nullish().transform((v) => v ?? null);
