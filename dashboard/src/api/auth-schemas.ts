/** Request and response schemas of the sign-in API. */
import { z } from 'zod';

export const credentialsBody = z.object({
  email: z.string().max(320),
  password: z.string().max(1024),
});

export const userReply = z.object({ user: z.object({ email: z.string() }) });

export const authStateReply = z.object({
  setup_required: z.boolean().describe('true until the first user exists'),
  user: z.object({ email: z.string() }).nullable(),
  csrf_token: z.string().nullable().describe('send as X-CSRF-Token on POST/PUT/PATCH/DELETE with the session cookie'),
});
